#ifndef GRADSTEP_TERMINAL_RESTORE_H
#define GRADSTEP_TERMINAL_RESTORE_H

// Putting the terminal back on every way out, including signals and crashes. Plain termios,
// signals and write(2): everything the handler calls is async-signal-safe.

/// Saves standard input's terminal modes as they are before the screen starts.
void gs_save_terminal_modes(void);

/// Installs handlers that restore the terminal, then let the previous handler (the default
/// action, or the Swift runtime's crash report, which then does not wait for a key) run: for
/// the crash signals and SIGQUIT, and for every other signal whose default ends the process
/// (SIGINT, SIGTERM, SIGHUP, SIGXCPU, SIGUSR1, SIGALRM, the real-time ones, ...) while that
/// default is in force. Call it before `newterm`, so ncurses does not put in its own, which
/// would exit with status 1 instead of dying of the signal.
void gs_install_restore(void);

/// For every command, from the start: a crash hands its signal to the Swift runtime's crash
/// reporter with standard input on /dev/null, so the reporter never waits 30 s for a key.
void gs_install_crash_guard(void);

/// While `path` is set, a signal that ends the program removes that file first (a recording's
/// temporary file); NULL forgets it.
void gs_remove_on_signal(const char *path);

/// The escape sequence that leaves the screen (`sgr0 cnorm rmkx rmcup`), known once the
/// terminal is set up; the modes come from `gs_save_terminal_modes`.
void gs_set_leave_sequence(const char *leave_sequence);

/// While the screen is up, standard error goes to a temporary file, so nothing printed there
/// is wiped by the alternate screen; this sends it back and replays what was written.
int gs_capture_stderr(void);
void gs_release_stderr(void);

/// Writes the leave sequence and restores the saved terminal modes (async-signal-safe).
void gs_restore_terminal(void);

/// After a normal `endwin`: nothing is left to restore.
void gs_forget_restore(void);

/// Turns off XON/XOFF flow control, so Ctrl-S is a key, not a frozen screen until Ctrl-Q.
void gs_flow_control_off(void);

/// Unblocks the signals a full-screen program needs (a parent may have blocked them).
void gs_unblock_signals(void);

#endif
