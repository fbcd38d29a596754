// Package reports prints the documents a clinic gives to patients and keeps
// on file, such as the aftercare sheet after a microneedling session. It
// knows nothing of screens or storage: callers pass in plain values and an
// io.Writer.
package reports

import (
	"fmt"
	"io"
	"strings"
	"time"

	"needlepoint/data"
)

// Clinic is what a document says about the clinic that gives it.
type Clinic struct {
	Name    string
	Address string // may span lines; printed on one
	Phone   string
	// Logo is a PNG printed at the top of every page; without one the
	// clinic's initials in a circle stand in.
	Logo []byte
	// PaperSize is "A4" or "Letter"; empty means A4.
	PaperSize string
}

// AftercareSheet is what a patient takes home after a session: how to look
// after the skin day by day, until when to avoid what, when to call, and
// when to come back.
type AftercareSheet struct {
	Clinic       Clinic
	PatientName  string // as the patient writes it, in any script
	TreatedAt    time.Time
	Practitioner string
	Areas        []data.SessionArea
	// ProductsUsed are every product put on the skin, numbing cream
	// included.
	ProductsUsed        []string
	RecommendedProducts []string
	// Guide is the clinic's downtime guide; empty means the default.
	Guide data.DowntimeGuide
	// Session and Planned number the session in its series ("session 4 of
	// 6"); zero when unknown.
	Session, Planned int
	// The next session: the booked appointment (zero if none) and who
	// gives it, or else when it is due and what holds it back.
	NextAppointment  time.Time
	NextPractitioner string
	NextDue          time.Time
	NextWait         data.Wait
	// ReviewDue is set after the last session of a series: the review six
	// months on.
	ReviewDue  time.Time
	ColdSores  bool   // the screening records a history of cold sores
	OutOfHours string // the clinic's advice; empty for data.DefaultOutOfHours
	Notes      string // the practitioner's note for the patient; optional
	Template   string // empty means DefaultAftercareTemplate
}

// Dates as patients read them: the day plan names the weekday, the rest of
// the sheet the full date.
const (
	dayLayout  = "Monday 2 January"
	dateLayout = "Monday 2 January 2006"
)

// Aftercare writes the aftercare sheet as a PDF.
func Aftercare(w io.Writer, sheet AftercareSheet) error {
	tmpl := sheet.Template
	if strings.TrimSpace(tmpl) == "" {
		tmpl = DefaultAftercareTemplate
	}
	blocks, err := fill(tmpl, sheetValues(sheet))
	if err != nil {
		return fmt.Errorf("the aftercare template: %w", err)
	}
	patient := printableText(oneLine(sheet.PatientName))
	layout := func(s sizes) (*doc, error) {
		d, err := newDoc(sheet.Clinic, "Aftercare for "+patient)
		if err != nil {
			return nil, err
		}
		d.sizes = s
		d.newPage()
		d.title("Caring for your skin after microneedling")
		d.panel(sheet.rows(patient), true)
		d.body(blocks)
		return d, nil
	}
	d, err := layout(normalSizes)
	if err != nil {
		return err
	}
	// The sheet is one piece of paper printed on both sides: a long one is
	// set a little smaller rather than run onto a third page.
	if d.pdf.PageCount() > sheetPages {
		if d, err = layout(tightSizes); err != nil {
			return err
		}
	}
	return d.finish(w, "the aftercare sheet")
}

// sheetPages is how many pages an aftercare sheet is meant to take.
const sheetPages = 2

// row returns the guide's row for the sheet's deepest area.
func (s AftercareSheet) row() data.DowntimeRow {
	var deepest data.Depth
	for _, a := range s.Areas {
		deepest = max(deepest, a.Depth)
	}
	return s.Guide.For(deepest)
}

// rows are the personal facts at the top of the sheet.
func (s AftercareSheet) rows(patient string) []row {
	var areas []string
	for _, a := range s.Areas {
		areas = append(areas, areaText(a))
	}
	var downtime, session string
	if len(s.Areas) > 0 {
		r := s.row()
		downtime = r.Downtime() + ", until about " + day(s.TreatedAt, r.MaxDays).Format(dayLayout)
	}
	if s.Session > 0 && s.Planned > 0 {
		session = fmt.Sprintf("%d of %d", s.Session, s.Planned)
	}
	return []row{
		{"Name", patient},
		{"Treatment date", s.TreatedAt.Format(dateLayout)},
		{"Session", session},
		{"Practitioner", oneLine(s.Practitioner)},
		{"Areas treated", strings.Join(areas, "\n")},
		{"Expected downtime", downtime},
	}
}

// day is the calendar day n days after t's.
func day(t time.Time, n int) time.Time { return data.DateOf(t).AddDate(0, 0, n) }

// sheetValues works out the personal parts of a sheet.
func sheetValues(s AftercareSheet) values {
	areas := make([]string, 0, len(s.Areas))
	for _, a := range s.Areas {
		areas = append(areas, areaText(a))
	}
	phone := nobreak(strings.TrimSpace(s.Clinic.Phone))
	if phone == "" {
		phone = "our usual number"
	}
	var coldSore string
	if s.ColdSores {
		coldSore = "You told us you get cold sores. Needling can set one off in the next few days. " +
			"Take the antiviral medicine you agreed with your doctor or pharmacist, and call us if you feel " +
			"the tingle of a cold sore or see small blisters around your mouth."
	}
	outOfHours := strings.TrimSpace(s.OutOfHours)
	if outOfHours == "" {
		outOfHours = data.DefaultOutOfHours
	}
	r := s.row()
	return values{
		text: map[string]string{
			"name":           oneLine(s.PatientName),
			"treatment_date": s.TreatedAt.Format(dateLayout),
			"practitioner":   oneLine(s.Practitioner),
			"clinic_name":    oneLine(s.Clinic.Name),
			"clinic_phone":   phone,
			"day0":           day(s.TreatedAt, 0).Format(dayLayout),
			"day1":           day(s.TreatedAt, 1).Format(dayLayout),
			"day2":           day(s.TreatedAt, 2).Format(dayLayout),
			"day3":           day(s.TreatedAt, 3).Format(dayLayout),
			"downtime":       r.Downtime(),
			"cold_sore":      coldSore,
			"out_of_hours":   outOfHours,
			"next":           s.next(phone),
			"notes":          strings.TrimSpace(s.Notes),
		},
		lists: map[string][]string{
			"areas":                areas,
			"products_used":        s.ProductsUsed,
			"recommended_products": s.RecommendedProducts,
		},
		blocks: map[string][]block{
			"day_plan":     dayPlan(s.TreatedAt, r),
			"restrictions": restrictions(s.TreatedAt, r),
			"products":     products(s.ProductsUsed, s.RecommendedProducts),
		},
	}
}

// dayPlan is the plan day by day in stages taken from the guide's row:
// the treatment day, the red days, the days the skin settles, and the day
// from which most people look like themselves again, which is the end of
// the downtime the sheet states.
func dayPlan(treated time.Time, r data.DowntimeRow) []block {
	var b []block
	add := func(kind blockKind, text string) { b = append(b, block{kind: kind, text: text}) }
	add(heading, "Day 0 — "+day(treated, 0).Format(dayLayout))
	add(paragraph, "Your skin will be red and may feel warm, tight or a little sore, like a mild sunburn. This is normal. It usually calms down within 12 to 36 hours.")
	add(bullet, "Wash only with a gentle cleanser and lukewarm water, and use a plain moisturiser.")
	add(bullet, "No makeup today. Try not to touch your skin: its tiny openings close within about 24 hours.")
	add(bullet, "Avoid sweating, hot showers and the sun. You can go back to work or school if you feel comfortable.")

	add(heading, stage(treated, 1, r.RednessDays))
	add(paragraph, "Your skin may still be red or pink. It may feel dry or itchy, and a little bruising can happen. This is all part of healing.")
	add(bullet, "Use sunscreen with SPF 30 or more every day, even when it is cloudy.")
	add(bullet, "Keep to a gentle cleanser and a moisturiser. Do not pick, scratch or rub your skin.")
	add(bullet, "Sleep on a clean pillowcase.")

	if r.RednessDays+1 <= r.MaxDays-1 {
		add(heading, stage(treated, r.RednessDays+1, r.MaxDays-1))
		add(paragraph, "The redness fades. Some dryness or flaking is normal: let it come off by itself, and keep using a moisturiser and sunscreen.")
	}

	add(heading, fmt.Sprintf("From day %d — %s", r.MaxDays, day(treated, r.MaxDays).Format(dayLayout)))
	add(paragraph, "Most people look like themselves again by now. Go back to your usual skin care step by step, on the dates below. "+
		"Keep using sunscreen with SPF 30 or more every day: your skin stays sensitive to the sun for a few weeks. Results keep improving for weeks.")
	return b
}

// stage names days from to to after the treatment with their dates.
func stage(treated time.Time, from, to int) string {
	if from == to {
		return fmt.Sprintf("Day %d — %s", from, day(treated, from).Format(dayLayout))
	}
	return fmt.Sprintf("Days %d to %d — %s to %s", from, to, day(treated, from).Format(dayLayout), day(treated, to).Format(dayLayout))
}

// restrictions say, for each thing to avoid, the date it is fine again.
func restrictions(treated time.Time, r data.DowntimeRow) []block {
	from := func(n int) string { return "from " + day(treated, n).Format(dayLayout) }
	item := func(label, text string) block { return block{kind: pair, label: label, text: text} }
	return []block{
		item("Mineral makeup", from(r.MakeupDay)),
		item("Exercise that makes you sweat", from(r.ExerciseDay)+" (walking is fine before)"),
		item("Swimming, sauna, hot baths", from(r.SwimmingDay)),
		item("Retinol, acids, vitamin C", from(r.ActivesDay)),
		item("Scrubs, peels, exfoliating", from(r.ExfoliatesDay)),
		item("Strong sun and sunbeds", from(r.SunDay)+"; SPF 30 or more every day"),
	}
}

// products lists the products used and those recommended, one a line.
func products(used, recommended []string) []block {
	var b []block
	for _, list := range []struct {
		label string
		items []string
	}{{"Used in your treatment", used}, {"We recommend", recommended}} {
		var items []string
		for _, item := range list.items {
			if item = strings.TrimSpace(oneLine(item)); item != "" {
				items = append(items, item)
			}
		}
		if len(items) > 0 {
			b = append(b, block{kind: pair, label: list.label, text: strings.Join(items, "\n")})
		}
	}
	return b
}

// next says when the next session is: booked, due, held back by the
// screening, or the review after the last session of the series.
func (s AftercareSheet) next(phone string) string {
	what := "Your next session"
	if s.Session > 0 && s.Planned > s.Session {
		what = fmt.Sprintf("Session %d of %d", s.Session+1, s.Planned)
	}
	book := " Call us on " + phone + " to book it."
	switch {
	case !s.NextAppointment.IsZero():
		text := what + " is booked for " + fullDate(s.NextAppointment)
		if p := oneLine(s.NextPractitioner); p != "" {
			text += " with " + p
		}
		return text + ". If you cannot come, call us on " + phone + " to move it."
	case s.NextWait.Holds():
		return what + " is " + s.NextWait.Note(dateLayout) + "." + book
	case !s.NextDue.IsZero():
		return what + " is due around " + s.NextDue.Format(dateLayout) + "." + book
	case !s.ReviewDue.IsZero():
		return fmt.Sprintf("This was the last session of your series. Your skin keeps making collagen for up to %d months, "+
			"so we suggest a review around %s, with photos to compare.", resultsMonths, s.ReviewDue.Format(dateLayout)) + book
	}
	return ""
}

// fullDate writes an appointment with its time of day when it has one.
func fullDate(t time.Time) string {
	if h, m, _ := t.Clock(); h != 0 || m != 0 {
		return t.Format(dateLayout) + " at " + t.Format("15:04")
	}
	return t.Format(dateLayout)
}

func areaText(a data.SessionArea) string {
	return a.Area.Label() + ", " + a.Depth.String() + " deep"
}

// oneLine folds text meant for a single line, such as a name or an
// address typed over several lines.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", ", ")), " ")
}
