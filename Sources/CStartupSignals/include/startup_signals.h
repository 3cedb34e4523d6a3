#ifndef CIRCLES_STARTUP_SIGNALS_H
#define CIRCLES_STARTUP_SIGNALS_H

/// Linked only into the long-running programs (circles-ws, circles-worker).
/// Before `main`, a constructor makes SIGHUP, SIGINT and SIGTERM harmless: each is recorded
/// instead of taking its default action (which would kill the process before its own handling
/// exists), and they are unblocked in case the parent started us with them blocked. Once the
/// program traps them itself it calls `circles_startup_signals_replay()`.

/// Sends this process again every signal recorded since start (and forgets them), so that the
/// program's own handling sees it. Call it once that handling is in place.
void circles_startup_signals_replay(void);

#endif
