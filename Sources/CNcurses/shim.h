#ifndef GRADSTEP_CNCURSES_SHIM_H
#define GRADSTEP_CNCURSES_SHIM_H

// Wide-character ncurses: without these, get_wch, cchar_t and wint_t are not declared.
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <ncursesw/curses.h>
#include <ncursesw/term.h>
#include <locale.h>
#include <langinfo.h>
#include <stdio.h>
#include <wchar.h>

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
static inline int gs_err(void) { return ERR; }
static inline int gs_key_code_yes(void) { return KEY_CODE_YES; }
static inline void gs_forget_setup(void) { del_curterm(cur_term); }
static inline void gs_set_background(short pair) { wbkgd(stdscr, COLOR_PAIR(pair) | ' '); }
static inline SCREEN *gs_newterm(const char *term) { return newterm(term, stdout, stdin); }

#endif
