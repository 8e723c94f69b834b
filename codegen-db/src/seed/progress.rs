//! The progress bar of a load: rows done of rows planned, drawn only on a terminal.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

/// A bar over the rows of a load; hidden unless asked for and stderr is a terminal.
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    pub fn new(total: u64, wanted: bool) -> Self {
        let bar =
            if wanted && std::io::stderr().is_terminal() { ProgressBar::new(total) } else { ProgressBar::hidden() };
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {msg:24} [{bar:40}] {human_pos}/{human_len} rows ({per_sec}, {eta})",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        Self { bar }
    }

    pub fn table(&self, name: &str) {
        self.bar.set_message(name.to_string());
    }

    pub fn advance(&self, rows: u64) {
        self.bar.inc(rows);
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
