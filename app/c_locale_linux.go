//go:build linux && cgo

package app

// Many Linux machines start programs with LANG=C.UTF-8 and no LANGUAGE.
// Fyne's translations, set up by its lang package's initialiser before
// any Go code of ours runs, read that as the language "C" and print a
// "Fyne error" for it. C code run by the loader comes before that: on
// such a locale, and only then, it starts the program again with
// LANGUAGE=en, the language the C locale means, leaving LANG as it was.

/*
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef __GLIBC__
static int needlepointCLocale(void) {
	const char *v = getenv("LC_ALL");
	if (v == NULL || *v == 0) v = getenv("LC_MESSAGES");
	if (v == NULL || *v == 0) v = getenv("LANG");
	return v != NULL && (strncmp(v, "C.", 2) == 0 || strncmp(v, "POSIX.", 6) == 0);
}

// glibc passes the program's arguments to its constructors.
__attribute__((constructor)) static void needlepointEnglishForCLocale(int argc, char **argv, char **envp) {
	const char *language = getenv("LANGUAGE");
	if (!needlepointCLocale() || (language != NULL && *language != 0)) {
		return;
	}
	setenv("LANGUAGE", "en", 1);
	execv("/proc/self/exe", argv); // returns only on failure: carry on as started
}
#endif
*/
import "C"
