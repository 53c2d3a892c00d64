#ifndef RAILFLEET_NCURSESW_SHIM_H
#define RAILFLEET_NCURSESW_SHIM_H
// SwiftPM drops pkg-config's -D flags; without these the wide-character API stays hidden.
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

int wcwidth(wchar_t c);

static inline int rf_getmaxy(WINDOW *w) { return getmaxy(w); }
static inline int rf_getmaxx(WINDOW *w) { return getmaxx(w); }
static inline attr_t rf_a_bold(void) { return A_BOLD; }
static inline attr_t rf_a_reverse(void) { return A_REVERSE; }
static inline attr_t rf_a_underline(void) { return A_UNDERLINE; }
static inline attr_t rf_a_dim(void) { return A_DIM; }
static inline attr_t rf_a_normal(void) { return A_NORMAL; }
static inline int rf_key_resize(void) { return KEY_RESIZE; }
static inline int rf_colors(void) { return COLORS; }
/// The standard screen of the current terminal, without touching the `stdscr` global from Swift.
static inline WINDOW *stdscr_window(void) { return stdscr; }

/// Draws one wide character with attributes and an extended colour pair.
static inline int rf_put_cell(WINDOW *w, int y, int x, wchar_t ch, attr_t attrs, int pair) {
    cchar_t cell;
    wchar_t text[2] = { ch, 0 };
    setcchar(&cell, text, attrs, 0, &pair);
    return mvwadd_wch(w, y, x, &cell);
}
#endif
