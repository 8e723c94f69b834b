//! Schemas as people write them, through the schema.rs and models.rs generated from the database
//! file print-schema reads: the tables are created by the fixture's own DDL.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;

fn sqlite(ddl: &str) -> SqliteConnection {
    let mut conn = SqliteConnection::establish(":memory:").unwrap();
    conn.batch_execute(ddl).unwrap();
    conn
}

#[test]
fn sqlite_keys_without_not_null_rowid_tables_and_generated_columns() {
    use codegen_diesel_app::sqlite_as_written::models::*;
    use codegen_diesel_app::sqlite_as_written::schema::*;
    let conn = &mut sqlite(codegen_diesel_app::sqlite_as_written::DDL);

    // `id integer primary key` is `Nullable<Integer>`, as print-schema reads it: inserting
    // `None` lets SQLite number the row, and the key comes back set.
    diesel::insert_into(artists::table)
        .values(&NewArtist { id: None, name: Some("Miles".into()), sort_name: Some("Davis, Miles".into()) })
        .execute(conn)
        .unwrap();
    let artist: Artist = artists::table.select(Artist::as_select()).first(conn).unwrap();
    assert_eq!((artist.id, artist.sort_name.as_deref()), (Some(1), Some("Davis, Miles")));

    // Quoted names (`[Label Name]`, `` `catalog-no` ``) and an AUTOINCREMENT key; the
    // joinable! to a parent with a nullable key joins.
    diesel::insert_into(albums::table)
        .values(&NewAlbum {
            Title: "Kind of Blue".into(),
            ArtistId: 1,
            Label_Name: Some("Columbia".into()),
            catalog_no: Some("CL 1355".into()),
            ..Default::default()
        })
        .execute(conn)
        .unwrap();
    let rows: Vec<(Album, Artist)> =
        albums::table.inner_join(artists::table).select((Album::as_select(), Artist::as_select())).load(conn).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].0.AlbumId, rows[0].0.Label_Name.as_deref()), (Some(1), Some("Columbia")));
    assert_eq!(rows[0].1.name.as_deref(), Some("Miles"));

    // SQLite's own type-name examples hold what their affinity says. (A nullable key does not
    // `find`: Diesel needs a key that is not nullable, hence the filter.)
    let day = chrono::NaiveDate::from_ymd_opt(1959, 8, 17).unwrap();
    diesel::insert_into(affinity_examples::table)
        .values(&NewAffinityExample {
            id: Some(7),
            f: Some(i64::MAX),
            k: Some("varying".into()),
            m: Some("native".into()),
            u: Some(2.5),
            q_: Some(vec![0]),
            r: Some(vec![1, 2]),
            zd: Some("blob sub_type text".into()),
            za: Some(day.and_hms_opt(10, 0, 0).unwrap()),
            ..Default::default()
        })
        .execute(conn)
        .unwrap();
    let back: AffinityExample = affinity_examples::table
        .filter(affinity_examples::id.eq(7))
        .select(AffinityExample::as_select())
        .first(conn)
        .unwrap();
    assert_eq!(
        (back.f, back.k.as_deref(), back.m.as_deref(), back.u),
        (Some(i64::MAX), Some("varying"), Some("native"), Some(2.5))
    );
    // A column `q` is `q_` (print-schema's `q` does not compile in `table!`).
    assert_eq!(back.q_, Some(vec![0]));
    assert_eq!(
        (back.r, back.zd.as_deref(), back.za),
        (Some(vec![1, 2]), Some("blob sub_type text"), Some(day.and_hms_opt(10, 0, 0).unwrap()))
    );

    // A BIGINT key is no rowid alias: SQLite accepts NULL in it, and the model lets you.
    diesel::insert_into(accounts::table)
        .values(&NewAccount { id: Some(10), artist_id: Some(1), handle: Some("miles".into()) })
        .execute(conn)
        .unwrap();
    diesel::insert_into(sessions::table)
        .values(&NewSession { token: Some("t1".into()), account_id: Some(10), created_at: None })
        .execute(conn)
        .unwrap();
    let session: Session = sessions::table.select(Session::as_select()).first(conn).unwrap();
    assert!(session.created_at.is_some(), "the DEFAULT CURRENT_TIMESTAMP comes back");
    let owner: Vec<Option<String>> =
        sessions::table.inner_join(accounts::table).select(accounts::handle).load(conn).unwrap();
    assert_eq!(owner, [Some("miles".to_string())]);

    // WITHOUT ROWID tables: keys NOT NULL whether declared or not.
    diesel::insert_into(settings::table)
        .values(&NewSetting { key: "theme".into(), value: Some(b"dark".to_vec()) })
        .execute(conn)
        .unwrap();
    diesel::insert_into(counters::table).values(&NewCounter { id: 1, hits: None }).execute(conn).unwrap();
    diesel::update(counters::table.find(1)).set(counters::hits.eq(counters::hits + 1)).execute(conn).unwrap();
    assert_eq!(counters::table.select(counters::hits).first::<i32>(conn).unwrap(), 1);
    assert_eq!(
        settings::table.find("theme").select(settings::value).first::<Option<Vec<u8>>>(conn).unwrap().unwrap(),
        b"dark"
    );

    // Tables without a declared key are keyed on rowid, or on oid when a column is called rowid.
    diesel::insert_into(audit_log::table)
        .values(&NewAuditLog { at: None, message: Some("hi".into()) })
        .execute(conn)
        .unwrap();
    let log: AuditLog = audit_log::table.select(AuditLog::as_select()).first(conn).unwrap();
    assert_eq!((log.rowid, log.message.as_deref()), (1, Some("hi")));
    diesel::insert_into(imported::table)
        .values(&NewImported { rowid: Some("r-1".into()), payload: Some(vec![9]) })
        .execute(conn)
        .unwrap();
    let imported_row: Imported = imported::table.select(Imported::as_select()).first(conn).unwrap();
    assert_eq!((imported_row.oid, imported_row.rowid.as_deref()), (1, Some("r-1")));

    // Generated columns are read, never written.
    diesel::insert_into(line_items::table)
        .values(&NewLineItem { id: None, quantity: 3, unit_price: 1.5, album_id: Some(1) })
        .execute(conn)
        .unwrap();
    let item: LineItem = line_items::table.select(LineItem::as_select()).first(conn).unwrap();
    assert_eq!((item.total, item.label.as_deref()), (Some(4.5), Some("x3")));
    // An untyped column is `Binary` to print-schema; SQLite hands its integer over as text bytes.
    assert_eq!(item.doubled.as_deref(), Some(&b"6"[..]));

    // Composite key of quoted names.
    diesel::insert_into(Order_Details::table)
        .values(&NewOrderDetail { OrderID: 1, Product_ID: 2, Unit_Price: None, type_: Some("gift".into()) })
        .execute(conn)
        .unwrap();
    let detail: OrderDetail = Order_Details::table.find((1, 2)).select(OrderDetail::as_select()).first(conn).unwrap();
    assert_eq!((detail.Unit_Price, detail.type_.as_deref()), (0.0, Some("gift")));
}

#[test]
fn the_chinook_sample_database_on_sqlite() {
    // Its tables are named like its row structs (`Album`): reach them through the module path.
    use codegen_diesel_app::sqlite_chinook::models::*;
    use codegen_diesel_app::sqlite_chinook::schema as s;
    let conn = &mut sqlite(codegen_diesel_app::sqlite_chinook::DDL);
    diesel::insert_into(s::Artist::table)
        .values(&NewArtist { ArtistId: Some(1), Name: Some("AC/DC".into()) })
        .execute(conn)
        .unwrap();
    diesel::insert_into(s::Album::table)
        .values(&NewAlbum { AlbumId: Some(1), Title: "Let There Be Rock".into(), ArtistId: 1 })
        .execute(conn)
        .unwrap();
    let rows: Vec<(Album, Artist)> = s::Album::table
        .inner_join(s::Artist::table)
        .select((Album::as_select(), Artist::as_select()))
        .load(conn)
        .unwrap();
    assert_eq!((rows[0].0.Title.as_str(), rows[0].1.Name.as_deref()), ("Let There Be Rock", Some("AC/DC")));
    // Every column of the wider tables exists in the database under the name schema.rs gives.
    assert!(s::Customer::table.select(Customer::as_select()).load(conn).unwrap().is_empty());
    assert!(s::Invoice::table.select(Invoice::as_select()).load(conn).unwrap().is_empty());
    assert!(s::Track::table.select(Track::as_select()).load(conn).unwrap().is_empty());
    assert!(s::Employee::table.select(Employee::as_select()).load(conn).unwrap().is_empty());
}
