-- Every MySQL/MariaDB column type print-schema names, nullable and not, as a mysqldump or a
-- hand-kept script writes them (display widths, UNSIGNED, BINARY attribute, charset).
CREATE TABLE numbers (
  id int(10) unsigned NOT NULL AUTO_INCREMENT,
  tiny tinyint(4) NOT NULL,
  tiny_u tinyint(3) unsigned DEFAULT NULL,
  flag tinyint(1) NOT NULL DEFAULT 0,
  flag2 bool,
  small smallint(6) DEFAULT NULL,
  small_u smallint unsigned NOT NULL,
  medium mediumint(9) DEFAULT NULL,
  medium_u mediumint unsigned NOT NULL,
  plain_int int(11) NOT NULL,
  plain_integer integer,
  big bigint(20) NOT NULL,
  big_u bigint(20) unsigned DEFAULT NULL,
  price decimal(10,2) NOT NULL,
  amount numeric,
  ratio float DEFAULT NULL,
  precise double NOT NULL,
  real_col real,
  bit1 bit(1) NOT NULL DEFAULT b'0',
  bits bit(8) DEFAULT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE strings (
  id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code char(3) NOT NULL,
  one_char char,
  name varchar(100) NOT NULL,
  login varchar(40) BINARY NOT NULL,
  nick varchar(30) CHARACTER SET latin1 COLLATE latin1_bin,
  national_name national varchar(50),
  digest binary(16) DEFAULT NULL,
  token varbinary(255) NOT NULL,
  t_tiny tinytext,
  t_text text NOT NULL,
  t_medium mediumtext,
  t_long longtext NOT NULL,
  b_tiny tinyblob,
  b_blob blob NOT NULL,
  b_medium mediumblob,
  b_long longblob
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE times (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  day date NOT NULL,
  at_time time DEFAULT NULL,
  precise_time time(3),
  happened_at datetime NOT NULL,
  precise_at datetime(6) DEFAULT NULL,
  updated_at timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(),
  deleted_at timestamp NULL DEFAULT NULL,
  since year(4) DEFAULT NULL,
  until year NOT NULL
) ENGINE=InnoDB;

CREATE TABLE choices (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  mood enum('happy','sad','so-so') NOT NULL DEFAULT 'happy',
  size enum('S','M','L','XL'),
  tags set('red','green','blue') NOT NULL DEFAULT '',
  perms set('read','write'),
  settings json DEFAULT NULL,
  quantity int NOT NULL DEFAULT 1,
  double_quantity int GENERATED ALWAYS AS (quantity * 2) VIRTUAL,
  label varchar(20) AS (concat('q', quantity)) STORED
) ENGINE=InnoDB;
