-- Names the dense format's relation fields would take twice (SQLite): `person` has many `pet`
-- and many `pets` (both pluralised to `pets`), and `pets` has a column `person` beside its
-- belongs-to field `person`. sea-orm-cli writes two fields of one name; codegen numbers the second.
CREATE TABLE person (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL);
CREATE TABLE pet (id INTEGER PRIMARY KEY AUTOINCREMENT, person_id INTEGER NOT NULL REFERENCES person (id));
CREATE TABLE pets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id INTEGER REFERENCES person (id),
    person TEXT
);
-- A many-to-many to a table whose relation name is not an identifier (`1st` -> `1st`).
CREATE TABLE "1st" (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT NOT NULL);
CREATE TABLE person_1st (
    person_id INTEGER NOT NULL REFERENCES person (id),
    first_id INTEGER NOT NULL REFERENCES "1st" (id),
    PRIMARY KEY (person_id, first_id)
);
