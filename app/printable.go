package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"needlepoint/reports"
)

// unprintableNames says which of names have letters no font on this
// computer can print, and which letters; "" when all print as written.
func unprintableNames(names []string) string {
	var lines []string
	seen := map[string]bool{}
	for _, name := range names {
		name = strings.TrimSpace(name)
		if name == "" || seen[name] {
			continue
		}
		seen[name] = true
		if missing := reports.Unprintable(name); len(missing) > 0 {
			lines = append(lines, fmt.Sprintf("%s (%s)", name, strings.Join(strings.Split(string(missing), ""), " ")))
		}
	}
	return strings.Join(lines, "\n")
}

// confirmPrintable runs print at once when every name prints as written;
// otherwise it first tells the person printing which names would print
// with question marks in place of some letters, and prints only if they
// choose to, so that nobody discovers it on paper.
func confirmPrintable(win fyne.Window, names []string, print func()) {
	problem := unprintableNames(names)
	if problem == "" {
		print()
		return
	}
	msg := "These names have letters no font on this computer can print:\n\n" + problem +
		"\n\nThose letters would print as \"?\".\nChinese, Japanese and Korean names print once this computer\n" +
		"has the language's support installed (system settings).\n\nPrint anyway?"
	d := dialog.NewConfirm("Some letters cannot print", msg, func(ok bool) {
		if ok {
			print()
		}
	}, win)
	d.SetConfirmText("Print anyway")
	d.SetDismissText("Cancel")
	d.Show()
}
