-- SQLite as people write it: keys without NOT NULL, SQLite's own type-name examples and other
-- dialects' spellings, rowid and WITHOUT ROWID tables, quoted names, generated columns.
create table artists (
    id integer primary key,
    name nvarchar(120),
    "sort name" varchar
);

CREATE TABLE albums (
    AlbumId INTEGER PRIMARY KEY AUTOINCREMENT,
    Title NVARCHAR(160) NOT NULL,
    ArtistId INTEGER NOT NULL REFERENCES artists (id),
    released DATE,
    [Label Name] TEXT,
    `catalog-no` TEXT
);

-- SQLite's documented type-name examples (https://sqlite.org/datatype3.html), none NOT NULL.
CREATE TABLE affinity_examples (
    id INT PRIMARY KEY,
    b TINYINT,
    c SMALLINT,
    d MEDIUMINT,
    e BIGINT,
    f UNSIGNED BIG INT,
    g INT2,
    h INT8,
    i CHARACTER(20),
    j VARCHAR(255),
    k VARYING CHARACTER(255),
    l NCHAR(55),
    m NATIVE CHARACTER(70),
    n NVARCHAR(100),
    p CLOB,
    q BLOB,
    r,
    s REAL,
    t DOUBLE,
    u DOUBLE PRECISION,
    v FLOAT,
    w NUMERIC,
    x DECIMAL(10,5),
    y BOOLEAN,
    z DATE,
    za DATETIME,
    zb TIMESTAMP,
    zc TIME,
    zd BLOB SUB_TYPE TEXT,
    ze CHARACTER VARYING(30),
    zf FLOATING POINT,
    zg int unsigned
);

-- A key that is not a rowid alias: BIGINT, and a text key, both nullable to SQLite.
CREATE TABLE accounts (
    id BIGINT PRIMARY KEY,
    artist_id INTEGER REFERENCES artists,
    handle TEXT UNIQUE
);

CREATE TABLE sessions (
    token TEXT PRIMARY KEY,
    account_id BIGINT REFERENCES accounts (id) ON DELETE CASCADE,
    created_at DATETIME DEFAULT CURRENT_TIMESTAMP
);

-- Composite key without NOT NULL.
CREATE TABLE album_tags (
    album_id INTEGER REFERENCES albums (AlbumId),
    tag TEXT,
    PRIMARY KEY (album_id, tag)
);

-- WITHOUT ROWID: the key is NOT NULL whether declared or not.
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value BLOB
) WITHOUT ROWID;

CREATE TABLE counters (
    id INTEGER PRIMARY KEY,
    hits INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- No declared key: keyed on the rowid, or on `oid` when a column is called rowid.
CREATE TABLE audit_log (
    at DATETIME NOT NULL DEFAULT (datetime('now')),
    message TEXT
);

CREATE TABLE imported (
    rowid TEXT,
    payload
);

-- Generated columns, typed and untyped.
CREATE TABLE line_items (
    id INTEGER PRIMARY KEY,
    quantity INTEGER NOT NULL,
    unit_price NUMERIC(10,2) NOT NULL,
    total REAL GENERATED ALWAYS AS (quantity * unit_price) STORED,
    label TEXT AS ('x' || quantity) VIRTUAL,
    doubled GENERATED ALWAYS AS (quantity * 2),
    album_id INTEGER REFERENCES albums (AlbumId)
);

-- Quoted names of every kind.
CREATE TABLE "Order Details" (
    "OrderID" INTEGER NOT NULL,
    "Product ID" INTEGER NOT NULL,
    "Unit-Price" NUMERIC NOT NULL DEFAULT 0,
    "type" TEXT,
    PRIMARY KEY ("OrderID", "Product ID")
);
