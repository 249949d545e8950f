//! The MCP server: the pyramid as tools an agent harness calls over stdio.
//!
//! Answers `initialize` at once; a missing index is built in the background while
//! tools report its progress; every answer comes from an index refreshed for the
//! files changed since the last run, and fits a token budget.

mod isolate;
mod session;
mod stdio;
mod tools;

use std::time::Duration;

use rmcp::ServiceExt;

pub use session::{DEFAULT_WAIT, Session, Snapshot};
pub use stdio::{GuardedStdio, MAX_LINE_BYTES};
pub use tools::{
    DEFAULT_BUDGET, IndexParams, MAX_BUDGET, MAX_QUERY_BYTES, MIN_BUDGET, OverviewParams,
    PyramidServer, SearchParams, SliceParams, ZoomParams,
};

use crate::error::{Error, Result};
use crate::store::Location;

/// Serves the repository's index over stdin/stdout until the client closes stdin.
/// A call waits at most `wait` for the index run it needs (the first build, a
/// refresh), then answers from the index as it is, or says how far the build is.
///
/// Every request read before stdin closed is answered before the server ends (see
/// [`GuardedStdio`]); an index run still going then is let finish, so that the index
/// on disk is the one it was building.
pub fn serve_stdio(location: Location, wait: Duration) -> Result<()> {
    crate::tokens::warm_up();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::Server(format!("cannot start the async runtime: {e}")))?;
    let session = Session::open(location);
    let served = runtime.block_on({
        let session = std::sync::Arc::clone(&session);
        async move {
            let (stdin, stdout) = rmcp::transport::stdio();
            let transport = GuardedStdio::new(stdin, stdout);
            let server = match PyramidServer::new(session, wait).serve(transport).await {
                Ok(server) => server,
                // stdin closed before `initialize`: nobody to serve.
                Err(rmcp::service::ServerInitializeError::ConnectionClosed(_)) => return Ok(()),
                Err(e) => {
                    return Err(Error::Server(format!(
                        "the client did not complete the handshake: {e}"
                    )));
                }
            };
            server
                .waiting()
                .await
                .map_err(|e| Error::Server(format!("the connection failed: {e}")))?;
            Ok(())
        }
    });
    // Everything received was answered; nothing is left for the runtime to do.
    runtime.shutdown_timeout(Duration::from_millis(100));
    session.wait_idle();
    served
}
