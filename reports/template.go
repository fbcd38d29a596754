package reports

import (
	"errors"
	"fmt"
	"strings"
)

// DefaultAftercareTemplate is the aftercare wording a clinic starts with,
// written from the clinic's own page and common practice
// (monarchbrowandfacials.com, fifthelementesthetics.com, drpen.net). The
// clinic may replace it; sources disagree on details such as sunscreen in
// the first day.
//
// The syntax is plain text, one block per line:
//
//   - A line starting with "## " is a section heading.
//   - A line starting with "- " is a bullet point.
//   - A line starting with "! " is a warning, set apart in a box.
//   - Any other line is a paragraph; consecutive lines join into one.
//   - An empty line ends a paragraph.
//
// Placeholders in braces are replaced by the personal parts (see
// Placeholders); write "{{" for a plain "{". A bullet that is only a list
// placeholder, such as "- {products_used}", becomes one bullet per item;
// elsewhere a list reads "A, B and C". A line that ends up empty is left
// out, and so is a heading left with nothing under it, so a sheet without
// products or notes has no empty sections.
const DefaultAftercareTemplate = `Thank you for your visit. Microneedling helps your skin make new collagen. Healing is part of how it works, and these steps help your skin heal well. At the depth used today, most people look like themselves again in {downtime}.

! {cold_sore}

## A note from your practitioner
{notes}

{day_plan}

## When you can start again
{restrictions}

## Products
{products}

## When to call us
Call us on {clinic_phone} if you notice any of these:
- Pain, swelling or warmth that gets worse instead of better
- Yellow fluid, pus or crusts, a fever, or feeling unwell
- Blisters, or redness that lasts longer than a week
{out_of_hours}

## Your next session
{next}
`

// Placeholders lists the placeholders a template may use, with what each
// becomes, for the template editor's help text.
var Placeholders = []struct{ Name, Meaning string }{
	{"name", "the patient's name"},
	{"treatment_date", "the date of the treatment, e.g. Tuesday 13 January 2026"},
	{"practitioner", "who gave the treatment"},
	{"clinic_name", "the clinic's name"},
	{"clinic_phone", "the clinic's phone number"},
	{"day0", "the treatment day, e.g. Tuesday 13 January"},
	{"day1", "the day after the treatment"},
	{"day2", "two days after the treatment"},
	{"day3", "three days after the treatment"},
	{"downtime", "the expected downtime for the deepest area, from the downtime guide, e.g. about 4 to 5 days"},
	{"day_plan", "on a line of its own: the day-by-day plan, its stages from the downtime guide, with their dates"},
	{"restrictions", "on a line of its own: makeup, exercise, swimming and sauna, actives, scrubs and sun, each with the date it is fine again"},
	{"cold_sore", "a warning for a patient with a history of cold sores; empty for others (write it after \"! \" to set it apart)"},
	{"out_of_hours", "what to do when the clinic is closed, from the clinic details"},
	{"areas", "the areas treated with their depth (a list)"},
	{"products", "on a line of its own: the products used in the treatment, numbing cream included, and those the clinic recommends, side by side with their labels"},
	{"products_used", "the products used in the treatment, numbing cream included (a list)"},
	{"recommended_products", "the products the clinic recommends (a list)"},
	{"next", "the next session: booked (date, time, practitioner), due (session 5 of 6, due around …) or the review after the last"},
	{"notes", "the practitioner's note for the patient; may be empty"},
}

// listPlaceholders are the placeholders that stand for a list.
var listPlaceholders = map[string]bool{"areas": true, "products_used": true, "recommended_products": true}

// blockPlaceholders are the placeholders that stand for whole blocks.
var blockPlaceholders = map[string]bool{"day_plan": true, "restrictions": true, "products": true}

func knownPlaceholder(name string) bool {
	for _, p := range Placeholders {
		if p.Name == name {
			return true
		}
	}
	return false
}

// ValidateTemplate checks an aftercare template and reports, in plain words
// and by line, every placeholder it does not know and every brace left
// open.
func ValidateTemplate(t string) error {
	var errs []error
	for i, line := range strings.Split(t, "\n") {
		if _, err := splitPlaceholders(line); err != nil {
			errs = append(errs, fmt.Errorf("line %d: %w", i+1, err))
		}
	}
	return errors.Join(errs...)
}

// piece is literal text or, when placeholder is set, a placeholder name.
type piece struct {
	text        string
	placeholder bool
}

// splitPlaceholders cuts a line into literal text and placeholders.
func splitPlaceholders(line string) ([]piece, error) {
	var pieces []piece
	var lit strings.Builder
	var errs []error
	for rest := line; rest != ""; {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			lit.WriteString(rest)
			break
		}
		lit.WriteString(rest[:i])
		rest = rest[i:]
		if strings.HasPrefix(rest, "{{") {
			lit.WriteByte('{')
			rest = rest[2:]
			continue
		}
		end := strings.IndexByte(rest, '}')
		if end < 0 {
			errs = append(errs, fmt.Errorf("a %q is not closed with %q; write %q for a plain brace", "{", "}", "{{"))
			lit.WriteString(rest)
			break
		}
		name := rest[1:end]
		if !knownPlaceholder(name) {
			errs = append(errs, fmt.Errorf("%q is not a placeholder we know; use one of %s", rest[:end+1], placeholderNames()))
			lit.WriteString(rest[:end+1])
		} else {
			if lit.Len() > 0 {
				pieces = append(pieces, piece{text: lit.String()})
				lit.Reset()
			}
			pieces = append(pieces, piece{text: name, placeholder: true})
		}
		rest = rest[end+1:]
	}
	if lit.Len() > 0 {
		pieces = append(pieces, piece{text: lit.String()})
	}
	return pieces, errors.Join(errs...)
}

func placeholderNames() string {
	names := make([]string, len(Placeholders))
	for i, p := range Placeholders {
		names[i] = "{" + p.Name + "}"
	}
	return strings.Join(names, ", ")
}

// values are the personal parts a template is filled in with.
type values struct {
	text   map[string]string
	lists  map[string][]string
	blocks map[string][]block
}

func (v values) expand(pieces []piece) string {
	var b strings.Builder
	for _, p := range pieces {
		switch {
		case !p.placeholder:
			b.WriteString(p.text)
		case listPlaceholders[p.text]:
			b.WriteString(joinAnd(v.lists[p.text]))
		case blockPlaceholders[p.text]:
		default:
			b.WriteString(v.text[p.text])
		}
	}
	return strings.TrimSpace(b.String())
}

// fill turns a template into blocks, with the placeholders replaced. The
// structure is read from the template before anything is filled in, so a
// patient's note can never turn into a heading.
func fill(t string, v values) ([]block, error) {
	if err := ValidateTemplate(t); err != nil {
		return nil, err
	}
	var blocks []block
	var para []string
	endParagraph := func() {
		if len(para) > 0 {
			blocks = append(blocks, block{kind: paragraph, text: strings.Join(para, " ")})
			para = nil
		}
	}
	for _, line := range strings.Split(strings.ReplaceAll(t, "\r\n", "\n"), "\n") {
		line = strings.TrimRight(line, " \t\r")
		kind := paragraph
		switch {
		case strings.HasPrefix(line, "## "):
			kind, line = heading, line[3:]
		case strings.HasPrefix(line, "- "):
			kind, line = bullet, line[2:]
		case strings.HasPrefix(line, "! "):
			kind, line = warning, line[2:]
		case strings.TrimSpace(line) == "":
			endParagraph()
			continue
		}
		pieces, _ := splitPlaceholders(line)
		if kind == paragraph && len(pieces) == 1 && pieces[0].placeholder && blockPlaceholders[pieces[0].text] {
			endParagraph()
			blocks = append(blocks, v.blocks[pieces[0].text]...)
			continue
		}
		if kind == bullet && len(pieces) == 1 && pieces[0].placeholder && listPlaceholders[pieces[0].text] {
			endParagraph()
			for _, item := range v.lists[pieces[0].text] {
				if item = strings.TrimSpace(item); item != "" {
					blocks = append(blocks, block{kind: bullet, text: item})
				}
			}
			continue
		}
		text := v.expand(pieces)
		if text == "" {
			continue
		}
		if kind == paragraph {
			para = append(para, text)
			continue
		}
		endParagraph()
		blocks = append(blocks, block{kind: kind, text: text})
	}
	endParagraph()
	// Leave out headings with nothing under them.
	kept := blocks[:0]
	for i, b := range blocks {
		if b.kind == heading && (i+1 == len(blocks) || blocks[i+1].kind == heading) {
			continue
		}
		kept = append(kept, b)
	}
	return kept, nil
}

// joinAnd writes a list the way people say it: "A, B and C".
func joinAnd(list []string) string {
	var items []string
	for _, s := range list {
		if s = strings.TrimSpace(s); s != "" {
			items = append(items, s)
		}
	}
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
