//! The one integration-test binary of the workspace: each module below is one area (as ripgrep does).

mod server_smoke;
mod servers;
