-- MySQL idioms for the entities' types: unsigned integers, an inline ENUM, DECIMAL, JSON,
-- DATETIME and TIMESTAMP, YEAR, a foreign key between unsigned keys.
CREATE TABLE accounts (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    handle VARCHAR(64) NOT NULL UNIQUE,
    status ENUM('active', 'suspended', 'closed') NOT NULL DEFAULT 'active',
    balance DECIMAL(12, 2) NOT NULL,
    flags TINYINT UNSIGNED NOT NULL DEFAULT 0,
    logins SMALLINT UNSIGNED,
    verified TINYINT(1) NOT NULL DEFAULT 0,
    settings JSON,
    avatar BLOB,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NULL,
    since YEAR
);

CREATE TABLE orders (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    account_id INT UNSIGNED NOT NULL,
    total DECIMAL(12, 2) NOT NULL,
    note TEXT,
    placed_on DATE NOT NULL,
    CONSTRAINT orders_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
);
CREATE INDEX orders_placed_idx ON orders (placed_on);
