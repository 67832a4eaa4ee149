#ifndef GRADSTEP_CNCURSES_H
#define GRADSTEP_CNCURSES_H

// Wide-character ncurses: without these, get_wch, cchar_t and wint_t are not declared.
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <ncursesw/curses.h>
#include <ncursesw/term.h>
#include <locale.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>

// Swift 6 cannot read these C globals or macros directly: accessors instead.
static inline WINDOW *gs_stdscr(void) { return stdscr; }
static inline int gs_lines(void) { return LINES; }
static inline int gs_cols(void) { return COLS; }
static inline int gs_colors(void) { return COLORS; }
static inline int gs_key_f1(void) { return KEY_F(1); }
static inline attr_t gs_attr_bold(void) { return A_BOLD; }
static inline attr_t gs_attr_reverse(void) { return A_REVERSE; }
static inline attr_t gs_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t gs_attr_normal(void) { return A_NORMAL; }
static inline int gs_ok(void) { return OK; }
static inline int gs_key_code_yes(void) { return KEY_CODE_YES; }
static inline void gs_forget_setup(void) { del_curterm(cur_term); }
static inline SCREEN *gs_newterm(const char *term) { return newterm(term, stdout, stdin); }

/// Saves standard input's terminal modes as they are before the screen starts.
void gs_save_terminal_modes(void);

/// Installs handlers for SIGINT, SIGTERM, SIGHUP, SIGQUIT and the crash signals that restore
/// the terminal, then let the previous handler (the default action, or the Swift runtime's
/// crash report) run. Call it before `newterm`, so ncurses does not put in its own, which
/// would exit with status 1 instead of dying of the signal.
void gs_install_restore(void);

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

/// Unblocks the signals a full-screen program needs (a parent may have blocked them).
void gs_unblock_signals(void);

#endif
