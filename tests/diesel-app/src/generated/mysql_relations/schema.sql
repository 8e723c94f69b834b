-- Keys and names print-schema has rules for, in MySQL as people write it: backquoted names with
-- spaces and reserved words, composite keys, a self reference, two foreign keys to one table.
CREATE TABLE `customers` (
  `CustomerId` int NOT NULL AUTO_INCREMENT,
  `FirstName` varchar(40) NOT NULL,
  `Email` varchar(60) NOT NULL,
  `SupportRepId` int DEFAULT NULL,
  `type` varchar(10) DEFAULT NULL,
  PRIMARY KEY (`CustomerId`),
  UNIQUE KEY `customers_email` (`Email`),
  KEY `IFK_CustomerSupportRepId` (`SupportRepId`),
  CONSTRAINT `FK_CustomerSupportRepId` FOREIGN KEY (`SupportRepId`) REFERENCES `customers` (`CustomerId`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE `order` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  `CustomerId` int NOT NULL,
  `placed at` datetime NOT NULL,
  `total` decimal(10,2) NOT NULL DEFAULT 0.00,
  CONSTRAINT `fk_order_customer` FOREIGN KEY (`CustomerId`) REFERENCES `customers` (`CustomerId`) ON DELETE CASCADE
) ENGINE=InnoDB;

CREATE TABLE `order lines` (
  `order_id` bigint unsigned NOT NULL,
  `line_no` smallint unsigned NOT NULL,
  `sku` varchar(20) NOT NULL,
  `qty` int unsigned NOT NULL DEFAULT 1,
  PRIMARY KEY (`order_id`, `line_no`),
  FOREIGN KEY (`order_id`) REFERENCES `order` (`id`)
) ENGINE=InnoDB;

CREATE TABLE `transfers` (
  `id` int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  `from_customer` int NOT NULL,
  `to_customer` int NOT NULL,
  `amount` decimal(12,2) NOT NULL,
  FOREIGN KEY (`from_customer`) REFERENCES `customers` (`CustomerId`),
  FOREIGN KEY (`to_customer`) REFERENCES `customers` (`CustomerId`)
) ENGINE=InnoDB;

CREATE TABLE `line_notes` (
  `id` int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  `order_id` bigint unsigned NOT NULL,
  `line_no` smallint unsigned NOT NULL,
  `note` text NOT NULL,
  FOREIGN KEY (`order_id`, `line_no`) REFERENCES `order lines` (`order_id`, `line_no`)
) ENGINE=InnoDB;
