//! What the framework seed files share: the SQL script's statements for the tables a file cannot
//! write through its ORM (run there with the ORM's raw-SQL call), and where each seeded column
//! sits among its table's columns.

use std::cell::RefCell;
use std::convert::Infallible;
use std::rc::Rc;

use codegen_core::Dialect;

use crate::generate::RowSink;
use crate::prepare::{Prepared, TableSeed};
use crate::render::sql::SqlStatements;
use crate::value::Value;

type Emit = Box<dyn FnMut(&str) -> Result<(), Infallible>>;

/// The SQL statements of the rows and updates handed to it, collected to be written out.
pub(crate) struct RawStatements {
    sink: SqlStatements<Emit>,
    out: Rc<RefCell<Vec<String>>>,
}

impl RawStatements {
    pub(crate) fn new(dialect: Dialect) -> Self {
        let out = Rc::new(RefCell::new(Vec::new()));
        let sink_out = Rc::clone(&out);
        let emit: Emit = Box::new(move |s: &str| {
            sink_out.borrow_mut().push(s.to_string());
            Ok(())
        });
        Self { sink: SqlStatements::new(dialect, emit), out }
    }

    fn take(&mut self) -> Vec<String> {
        self.out.borrow_mut().drain(..).collect()
    }

    pub(crate) fn begin_table(&mut self, prepared: &Prepared, table: &TableSeed) {
        let Ok(()) = self.sink.begin_table(prepared, table);
    }

    /// The statements ready after this row (a full batch, or the row's own for a keyless table).
    pub(crate) fn row(&mut self, values: &[Value]) -> Vec<String> {
        let Ok(()) = self.sink.row(values);
        self.take()
    }

    /// The statements of the table's last batch.
    pub(crate) fn end_table(&mut self, prepared: &Prepared, table: &TableSeed) -> Vec<String> {
        let Ok(()) = self.sink.end_table(prepared, table);
        self.take()
    }

    pub(crate) fn update(
        &mut self,
        prepared: &Prepared,
        table: &TableSeed,
        key: &[(usize, Value)],
        set: &[(usize, Value)],
    ) -> Vec<String> {
        let Ok(()) = self.sink.update(prepared, table, key, set);
        self.take()
    }
}

/// Per column of `table`'s rows: its position among the columns of the schema's table (the
/// order the backends name fields in).
pub(crate) fn positions(prepared: &Prepared, table: &TableSeed) -> Vec<usize> {
    let columns = &prepared.schema.tables[table.table].columns;
    table
        .columns
        .iter()
        .map(|c| columns.iter().position(|s| s.name == c.name).expect("a seeded column is a column of its table"))
        .collect()
}
