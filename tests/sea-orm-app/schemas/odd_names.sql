-- Table and column names that are not Rust identifiers as they stand (SQLite).
CREATE TABLE "type" (id INTEGER PRIMARY KEY AUTOINCREMENT, "self" TEXT);
CREATE TABLE "self" (id INTEGER PRIMARY KEY AUTOINCREMENT, type_id INTEGER REFERENCES "type" (id));
CREATE TABLE "user data" (id INTEGER PRIMARY KEY AUTOINCREMENT, "Display Name" TEXT NOT NULL, "2fa" BOOLEAN);
CREATE TABLE "1st_table" (id INTEGER PRIMARY KEY AUTOINCREMENT, user_data_id INTEGER REFERENCES "user data" (id));
CREATE TABLE "Model" (id INTEGER PRIMARY KEY AUTOINCREMENT, "Entity" TEXT);
-- A composite primary key referenced by a composite foreign key.
CREATE TABLE versions (doc_id INTEGER NOT NULL, rev INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (doc_id, rev));
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id INTEGER NOT NULL,
    rev INTEGER NOT NULL,
    verdict TEXT NOT NULL,
    FOREIGN KEY (doc_id, rev) REFERENCES versions (doc_id, rev) ON DELETE CASCADE
);
