//! SQLite as people write it, and public SQLite schemas from the shared corpus, run through the
//! entities codegen generates from the database file (backends/sea-orm/tests/app_sqlite_sets.rs):
//! each script runs unchanged, so SQLite's own affinity rules store the values.
//!
//! Where the types are sea-orm-cli's (`SMALLINT` as `i16`, `TINYINT` as `i8`, `TIMESTAMP` as
//! `DateTimeUtc`), this shows they hold real rows, those SQLite's `CURRENT_TIMESTAMP` and
//! `DATETIME('now')` write included. Where they are ours (sea-orm-cli leaves the column out of
//! the model: `NUMERIC(10,2)` and `NUMERIC` as `Decimal`, `BOOL` as `bool`, `DATE`/`DATETIME` as
//! `Date`/`DateTime`, `JSON` as `Json`, a `CHECK (status IN (...))` column as an enum), it shows
//! that SeaORM writes them and reads back both its own values and values written by plain SQL.

mod common;

use chrono::{NaiveDate, Timelike, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::entity::prelude::*;
use sea_orm::{ConnectionTrait, DatabaseConnection};

/// sea-orm-cli 2.0.4's own entities for Sakila (the conformance fixture's expected output), to
/// show where they fail on SQLite and ours do not.
#[allow(dead_code, unused_imports)]
#[path = "../../fixtures/sea-orm/sakila_sqlite/expected/mod.rs"]
mod sea_orm_cli_sakila;

const AFFINITY: &str = "tests/fixtures/sea-orm/affinity/schema.sql";
const SAKILA: &str = "corpus:sakila-sea-schema/sqlite/sqlite-sakila-schema.sql";
const CHINOOK: &str = "corpus:chinook/Chinook_Sqlite.ddl.sql";

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

/// Now, to the second (SQLite's `CURRENT_TIMESTAMP` has no fractions).
fn now() -> DateTimeUtc {
    Utc::now().with_nanosecond(0).unwrap()
}

/// The affinity fixture's story, on the compact (`$m = affinity`) or expanded entities.
macro_rules! affinity_story {
    ($m:ident) => {{
        use sea_orm_app::$m::sea_orm_active_enums::OrdersStatus;
        use sea_orm_app::$m::{customers, notes, order_lines, orders};
        let db: DatabaseConnection = common::sqlite_script(AFFINITY).await.unwrap();
        let born = NaiveDate::from_ymd_opt(1990, 1, 2).unwrap();
        let seen = born.and_hms_opt(3, 4, 5).unwrap();
        let updated = now();

        // Written through the entity and read back: every typed column keeps its value.
        let ada = customers::ActiveModel {
            id: Set(1),
            name: Set("Ada".into()),
            email: Set("ada@example.com".into()),
            code: Set(Some("A-1".into())),
            tier: Set(Some(-3)),
            rank: Set(300),
            level: Set(Some(2)),
            ratio: Set(Some(0.25)),
            balance: Set(Some(dec("-0.5"))),
            credit: Set(Some(dec("1234.56"))),
            discount: Set(Some(dec("12.5"))),
            active: Set(true),
            verified: Set(Some(false)),
            born: Set(Some(born)),
            seen_at: Set(Some(seen)),
            updated_at: Set(updated),
            avatar: Set(Some(vec![0, 255])),
            ..Default::default()
        }
        .insert(&db)
        .await
        .unwrap();
        let back = customers::Entity::find_by_id(1).one(&db).await.unwrap().unwrap();
        assert_eq!(back, ada);
        assert_eq!(back.credit, Some(dec("1234.56")));
        assert_eq!((back.tier, back.rank, back.level), (Some(-3), 300, Some(2)));
        assert_eq!((back.verified, back.born, back.seen_at), (Some(false), Some(born), Some(seen)));
        assert_eq!(back.updated_at, updated);

        // A row written by plain SQL, as another program or the sqlite3 shell writes it: SQLite
        // stores NUMERIC(10, 2) 19.99 as a REAL, BOOL 1 as an integer, dates as text, and its
        // CURRENT_TIMESTAMP default as `YYYY-MM-DD HH:MM:SS`.
        db.execute_unprepared(
            "INSERT INTO customers (id, name, email, rank, active, credit, balance, verified, born, seen_at) \
             VALUES (2, 'Bob', 'bob@example.com', 7, 1, 19.99, 3, 1, '2001-02-03', '2024-05-06 07:08:09')",
        )
        .await
        .unwrap();
        let bob = customers::Entity::find_by_id(2).one(&db).await.unwrap().unwrap();
        assert_eq!((bob.credit, bob.balance), (Some(dec("19.99")), Some(dec("3"))));
        assert_eq!(bob.verified, Some(true));
        assert_eq!(bob.born, NaiveDate::from_ymd_opt(2001, 2, 3));
        assert_eq!(bob.seen_at, NaiveDate::from_ymd_opt(2024, 5, 6).unwrap().and_hms_opt(7, 8, 9));
        assert!((Utc::now() - bob.updated_at).num_seconds().abs() < 120, "{}", bob.updated_at);
        let rich = customers::Entity::find().filter(customers::Column::Credit.gt(dec("100"))).all(&db).await.unwrap();
        assert_eq!(rich.iter().map(|c| c.id).collect::<Vec<_>>(), [1]);

        // A TEXT key without NOT NULL, a CHECK-listed status as an enum, NUMERIC and DATETIME.
        let placed = seen;
        orders::ActiveModel {
            order_no: Set("o-1".into()),
            customer_id: Set(Some(1)),
            total: Set(dec("42.50")),
            status: Set(OrdersStatus::Paid),
            placed_at: Set(placed),
        }
        .insert(&db)
        .await
        .unwrap();
        db.execute_unprepared(
            "INSERT INTO orders (order_no, customer_id, total, status, placed_at) \
             VALUES ('o-2', 2, 7, 'shipped', '2024-05-06 07:08:09')",
        )
        .await
        .unwrap();
        let shipped =
            orders::Entity::find().filter(orders::Column::Status.eq(OrdersStatus::Shipped)).all(&db).await.unwrap();
        assert_eq!(shipped.iter().map(|o| o.order_no.as_str()).collect::<Vec<_>>(), ["o-2"]);
        assert_eq!(shipped[0].total, dec("7"));
        let first = orders::Entity::find_by_id("o-1").one(&db).await.unwrap().unwrap();
        assert_eq!((first.total, first.status.clone(), first.placed_at), (dec("42.5"), OrdersStatus::Paid, placed));
        let (_, owner) = &orders::Entity::find_by_id("o-2").find_also_related(customers::Entity).all(&db).await.unwrap()[0];
        assert_eq!(owner.as_ref().map(|c| c.name.as_str()), Some("Bob"));

        // A composite key of TEXT and SMALLINT (i16), found by its tuple.
        for line in [1i16, 2] {
            order_lines::ActiveModel { order_no: Set("o-1".into()), line: Set(line), quantity: Set(3) }
                .insert(&db)
                .await
                .unwrap();
        }
        let line = order_lines::Entity::find_by_id(("o-1".to_string(), 2i16)).one(&db).await.unwrap().unwrap();
        assert_eq!(line.quantity, 3);
        assert_eq!(first.find_related(order_lines::Entity).count(&db).await.unwrap(), 2);

        // JSON kept as text, and a DATETIME filled by its CURRENT_TIMESTAMP default.
        notes::ActiveModel {
            id: Set(1),
            customer_id: Set(Some(1)),
            body: Set("hi".into()),
            meta: Set(Some(serde_json::json!({"tags": ["a", "b"], "n": 1}))),
            ..Default::default()
        }
        .insert(&db)
        .await
        .unwrap();
        db.execute_unprepared("INSERT INTO notes (id, body, meta) VALUES (2, 'raw', '{\"b\": 2}')").await.unwrap();
        let notes = notes::Entity::find().all(&db).await.unwrap();
        assert_eq!(notes[0].meta, Some(serde_json::json!({"tags": ["a", "b"], "n": 1})));
        assert_eq!(notes[1].meta, Some(serde_json::json!({"b": 2})));
        let written = notes[1].written_at.expect("CURRENT_TIMESTAMP fills written_at");
        assert!((Utc::now().naive_utc() - written).num_seconds().abs() < 120, "{written}");
    }};
}

#[tokio::test]
async fn people_style_sqlite_types_hold_their_values_compact() {
    affinity_story!(affinity);
}

#[tokio::test]
async fn people_style_sqlite_types_hold_their_values_expanded() {
    affinity_story!(expanded_affinity);
}

#[tokio::test]
async fn sakila_smallint_keys_decimals_and_utc_timestamps_on_sqlite() {
    use sea_orm_app::sakila_sqlite::{city, country, film, language};
    let Some(db) = common::sqlite_script(SAKILA).await else { return };
    let at = now();
    country::ActiveModel { country_id: Set(1), country: Set("Iceland".into()), last_update: Set(Some(at)) }
        .insert(&db)
        .await
        .unwrap();
    city::ActiveModel { city_id: Set(1), city: Set("Reykjavik".into()), country_id: Set(1), last_update: Set(at) }
        .insert(&db)
        .await
        .unwrap();
    for (id, name) in [(1i16, "English"), (2, "Icelandic")] {
        language::ActiveModel { language_id: Set(id), name: Set(name.into()), last_update: Set(at) }
            .insert(&db)
            .await
            .unwrap();
    }
    film::ActiveModel {
        film_id: Set(1),
        title: Set("Heima".into()),
        release_year: Set(Some("2007".into())),
        language_id: Set(2),
        original_language_id: Set(Some(1)),
        rental_duration: Set(3),
        rental_rate: Set(dec("4.99")),
        length: Set(Some(97)),
        replacement_cost: Set(dec("19.99")),
        rating: Set(Some("PG".into())),
        special_features: Set(Some("Trailers".into())),
        last_update: Set(at),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap();

    // Sakila's triggers rewrite last_update with DATETIME('NOW') (`YYYY-MM-DD HH:MM:SS` text):
    // the DateTimeUtc fields read SQLite's own timestamps.
    let heima = film::Entity::find_by_id(1).one(&db).await.unwrap().unwrap();
    assert!((Utc::now() - heima.last_update).num_seconds().abs() < 120, "{}", heima.last_update);
    assert_eq!((heima.rental_rate, heima.replacement_cost), (dec("4.99"), dec("19.99")));
    assert_eq!((heima.language_id, heima.length), (2i16, Some(97i16)));
    // Two keys to `language`: each followed through its Linked impl.
    let spoken = heima.find_linked(film::LanguageLink).one(&db).await.unwrap().unwrap();
    let original = heima.find_linked(film::OriginalLanguageLink).one(&db).await.unwrap().unwrap();
    assert_eq!((spoken.name.trim(), original.name.trim()), ("Icelandic", "English"));

    // A whole amount, as SQLite stores it in a DECIMAL column: an INTEGER. sea-orm-cli's entity
    // decodes a Decimal through f64 and fails on it; ours reads the column as REAL.
    db.execute_unprepared(
        "INSERT INTO film (film_id, title, language_id, rental_duration, rental_rate, replacement_cost, last_update) \
         VALUES (2, 'Round', 1, 3, 5, 20.00, CURRENT_TIMESTAMP)",
    )
    .await
    .unwrap();
    let round = film::Entity::find_by_id(2).one(&db).await.unwrap().unwrap();
    assert_eq!((round.rental_rate, round.replacement_cost), (dec("5"), dec("20")));
    let theirs = sea_orm_cli_sakila::film::Entity::find_by_id(2).one(&db).await.unwrap_err().to_string();
    assert!(theirs.contains("mismatched types"), "{theirs}");
    let updated = film::ActiveModel { film_id: Set(2), rental_rate: Set(dec("6.00")), ..Default::default() }
        .update(&db)
        .await
        .unwrap();
    assert_eq!(updated.rental_rate, dec("6"));

    let (_, land) = &city::Entity::find().find_also_related(country::Entity).all(&db).await.unwrap()[0];
    let land = land.as_ref().unwrap();
    assert_eq!(land.country, "Iceland");
    assert!(land.last_update.is_some());
}

#[tokio::test]
async fn chinook_numeric_prices_and_datetimes_on_sqlite() {
    use sea_orm_app::chinook_sqlite::{album, artist, invoice, invoice_line, track};
    let Some(db) = common::sqlite_script(CHINOOK).await else { return };
    // Rows as Chinook's own data script writes them.
    db.execute_unprepared(
        "INSERT INTO [Artist] ([ArtistId], [Name]) VALUES (1, 'AC/DC');
         INSERT INTO [Album] ([AlbumId], [Title], [ArtistId]) VALUES (1, 'For Those About To Rock', 1);
         INSERT INTO [MediaType] ([MediaTypeId], [Name]) VALUES (1, 'MPEG audio file');
         INSERT INTO [Genre] ([GenreId], [Name]) VALUES (1, 'Rock');
         INSERT INTO [Track] ([TrackId], [Name], [AlbumId], [MediaTypeId], [GenreId], [Composer], [Milliseconds], [Bytes], [UnitPrice])
             VALUES (1, 'For Those About To Rock (We Salute You)', 1, 1, 1, 'Angus Young', 343719, 11170334, 0.99);
         INSERT INTO [Customer] ([CustomerId], [FirstName], [LastName], [Email]) VALUES (1, 'Luís', 'Gonçalves', 'luisg@embraer.com.br');
         INSERT INTO [Invoice] ([InvoiceId], [CustomerId], [InvoiceDate], [Total]) VALUES (1, 1, '2021-01-01 00:00:00', 1.98);
         INSERT INTO [InvoiceLine] ([InvoiceLineId], [InvoiceId], [TrackId], [UnitPrice], [Quantity]) VALUES (1, 1, 1, 0.99, 2);",
    )
    .await
    .unwrap();
    let invoice = invoice::Entity::find_by_id(1).one(&db).await.unwrap().unwrap();
    assert_eq!(invoice.total, dec("1.98"));
    assert_eq!(invoice.invoice_date, NaiveDate::from_ymd_opt(2021, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap());
    let lines = invoice.find_related(invoice_line::Entity).all(&db).await.unwrap();
    let sum: Decimal = lines.iter().map(|l| l.unit_price * Decimal::from(l.quantity)).sum();
    assert_eq!(sum, invoice.total);

    // A track written through the entity, found with its album and artist.
    track::ActiveModel {
        track_id: Set(2),
        name: Set("Put The Finger On You".into()),
        album_id: Set(Some(1)),
        media_type_id: Set(1),
        genre_id: Set(Some(1)),
        milliseconds: Set(205662),
        unit_price: Set(dec("1.29")),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap();
    let pricey = track::Entity::find().filter(track::Column::UnitPrice.gt(dec("1"))).all(&db).await.unwrap();
    assert_eq!(pricey.iter().map(|t| t.track_id).collect::<Vec<_>>(), [2]);
    let (_, album) = &track::Entity::find_by_id(2).find_also_related(album::Entity).all(&db).await.unwrap()[0];
    let album = album.as_ref().unwrap();
    let artist = album.find_related(artist::Entity).one(&db).await.unwrap().unwrap();
    assert_eq!(artist.name.as_deref(), Some("AC/DC"));
}
