package reports

import (
	"fmt"
	"io"
	"strings"
	"time"

	"needlepoint/data"
)

// SessionRecord is the printed record of one session, for the paper file:
// who the patient is on every page, every structured field, the check and
// any override, lots and expiries, the signature and the addenda written
// after signing.
type SessionRecord struct {
	Clinic       Clinic
	PatientName  string
	DateOfBirth  time.Time // zero when unknown
	ClinicNumber string    // the patient's number at the clinic
	Practitioner string    // who performed the session
	SignedBy     string    // who signed it; ignored while a draft
	OverrideBy   string    // who overrode a contraindication
	// Number and Planned place the session in its series: "Session 4 of
	// 6"; zero when unknown.
	Number, Planned int
	Session         data.Session
}

const timeLayout = "15:04"

// Record writes the session record as a PDF.
func Record(w io.Writer, r SessionRecord) error {
	patient := printableText(oneLine(r.PatientName))
	d, err := newDoc(r.Clinic, "Session record for "+patient)
	if err != nil {
		return err
	}
	d.running = "Session record"
	var born string
	if !r.DateOfBirth.IsZero() {
		born = r.DateOfBirth.Format("2 January 2006")
	}
	id := []string{patient}
	if born != "" {
		id = append(id, "born "+born)
	}
	if n := oneLine(r.ClinicNumber); n != "" {
		id = append(id, "clinic no. "+n)
	}
	d.identity = strings.Join(id, " · ")
	d.top = bodyTop + 3
	d.footer = "Clinical record — confidential"
	if d.clinic != "" {
		d.footer += " · " + d.clinic
	}
	s := r.Session

	d.newPage()
	d.title("Microneedling session record")
	var number string
	if r.Number > 0 && r.Planned > 0 {
		number = fmt.Sprintf("Session %d of %d", r.Number, r.Planned)
	}
	d.panel([]row{
		{"Patient", patient},
		{"Date of birth", born},
		{"Clinic number", oneLine(r.ClinicNumber)},
		{"Date and time", when(s.PerformedAt)},
		{"Series", number},
		{"Practitioner", oneLine(r.Practitioner)},
		{"Status", signature(r)},
	}, true)

	status := s.Check.Status.Label()
	if s.Check.Status == "" {
		status = "Not recorded"
	}
	d.sectionPanel("Contraindication check", []row{{"Result", status}})
	var reasons []block
	for _, reason := range s.Check.Reasons {
		text := reason.Status.Label() + ": " + reason.Message
		if !reason.EligibleFrom.IsZero() {
			text += " (eligible from " + reason.EligibleFrom.Format(dateLayout) + ")"
		}
		reasons = append(reasons, block{kind: bullet, text: text})
	}
	d.body(reasons)
	if reason := strings.TrimSpace(s.OverrideReason); reason != "" {
		by := oneLine(r.OverrideBy)
		if by == "" {
			by = "the practitioner"
		}
		d.body([]block{{kind: warning, text: "Overridden by " + by + ": " + reason}})
	}

	numbing := []row{
		{"Product", oneLine(s.NumbingProduct)},
		{"Applied", clock(s.NumbingApplied)},
		{"Removed", clock(s.NumbingRemoved)},
	}
	if !s.NumbingApplied.IsZero() && s.NumbingRemoved.After(s.NumbingApplied) {
		numbing = append(numbing, row{"On the skin for", minutes(int(s.NumbingRemoved.Sub(s.NumbingApplied).Minutes()))})
	}
	if !d.anyRow(numbing) {
		numbing = []row{{"Product", "None recorded"}}
	}
	d.sectionPanel("Numbing", numbing)

	var expiry string
	if !s.CartridgeExpiry.IsZero() {
		expiry = s.CartridgeExpiry.Format(dateLayout)
	}
	d.sectionPanel("Device, lots and expiries", []row{
		{"Device", oneLine(s.Device)},
		{"Cartridge lot", oneLine(s.CartridgeLot)},
		{"Cartridge expiry", expiry},
		{"Product", oneLine(s.Product)},
		{"Product lot", oneLine(s.ProductLot)},
	})

	var areas []row
	for _, a := range s.Areas {
		areas = append(areas, row{a.Area.Label(), a.Depth.String() + ", " + plural(a.Passes, "pass")})
	}
	if len(areas) == 0 {
		areas = []row{{"Areas", "None recorded"}}
	}
	d.sectionPanel("Areas treated", areas)
	var warnings []block
	for _, w := range s.DepthWarnings() {
		warnings = append(warnings, block{kind: bullet, text: w})
	}
	d.body(warnings)
	if len(warnings) > 0 {
		d.panel([]row{{"Reason for the depth", s.DepthReason}}, false)
	}

	var comfort, duration string
	if s.Comfort > 0 || s.Signed() {
		comfort = fmt.Sprintf("%d out of 10", s.Comfort)
	}
	if s.DurationMinutes > 0 {
		duration = minutes(s.DurationMinutes)
	}
	outcome := []row{
		{"Endpoint", oneLine(s.Endpoint)},
		{"Reaction", s.Reaction},
		{"Comfort", comfort},
		{"Duration", duration},
	}
	var notes []block
	if text := strings.TrimSpace(s.Notes); text != "" {
		notes = []block{{kind: heading, text: "Notes"}, {kind: paragraph, text: text}}
	}
	// The signature goes with the last lines above it, never alone on a
	// page: the notes when there are any, else the outcome.
	sig := d.signatureHeight(signature(r))
	if len(notes) > 0 {
		d.sectionPanel("Outcome", outcome)
		if h := d.blocksHeight(notes) + sig; h < d.pageH-d.top-marginBottom {
			d.need(h)
		}
		d.body(notes)
	} else {
		_, h := d.layPanel(outcome, false)
		d.need(d.blocksHeight([]block{{kind: heading, text: "Outcome"}}) + h + sig)
		d.section("Outcome")
		d.panel(outcome, false)
	}
	d.signatureLine(signature(r))

	if len(s.Addenda) > 0 {
		d.body([]block{{kind: heading, text: "Addenda"}, {kind: paragraph, text: "Written after the record was signed. The original above is unchanged."}})
		for i, a := range s.Addenda {
			d.addendum(i+1, a)
		}
	}
	return d.finish(w, "the session record")
}

// section starts a titled part of the record.
func (d *doc) section(title string) {
	d.body([]block{{kind: heading, text: title}})
}

// sectionPanel is a titled part of the record holding a panel, the title
// kept on the page with the panel.
func (d *doc) sectionPanel(title string, rows []row) {
	_, h := d.layPanel(rows, false)
	if h <= (d.pageH-d.top-marginBottom)/2 {
		d.need(d.blocksHeight([]block{{kind: heading, text: title}}) + h)
	}
	d.section(title)
	d.panel(rows, false)
}

// anyRow reports whether any row has something to print.
func (d *doc) anyRow(rows []row) bool {
	for _, r := range rows {
		if strings.TrimSpace(r.value) != "" {
			return true
		}
	}
	return false
}

// signatureHeight is the room the signature takes.
func (d *doc) signatureHeight(text string) float64 {
	d.font("B", d.bodyPt, colourText)
	return 4 + 2 + float64(len(d.wrap(printableText(text), d.width)))*(d.lh+1) + 5
}

// signatureLine sets the signature apart between two rules.
func (d *doc) signatureLine(text string) {
	pdf := d.pdf
	d.need(d.signatureHeight(text))
	pdf.Ln(4)
	pdf.SetDrawColor(colourRule[0], colourRule[1], colourRule[2])
	pdf.SetLineWidth(0.4)
	pdf.Line(marginSide, pdf.GetY(), d.pageW-marginSide, pdf.GetY())
	pdf.Ln(2)
	d.font("B", d.bodyPt, colourText)
	d.lines(d.wrap(printableText(text), d.width), marginSide, d.width, d.lh+1)
	pdf.Line(marginSide, pdf.GetY()+1, d.pageW-marginSide, pdf.GetY()+1)
	pdf.Ln(4)
}

// addendum draws one addendum, kept whole on a page when it fits on one:
// a bar on the left marks it as added later.
func (d *doc) addendum(n int, a data.Addendum) {
	pdf := d.pdf
	const indent = 6.0
	w := d.width - indent
	head := fmt.Sprintf("Addendum %d", n)
	if by := oneLine(a.AuthorName); by != "" {
		head += " by " + by
	}
	if !a.WrittenAt.IsZero() {
		head += ", " + when(a.WrittenAt)
	}
	type part struct {
		style  string
		colour [3]int
		lines  []string
	}
	var parts []part
	add := func(style string, colour [3]int, text string) {
		if text = strings.TrimSpace(text); text != "" {
			d.font(style, d.bodyPt, colour)
			parts = append(parts, part{style, colour, d.wrap(printableText(text), w)})
		}
	}
	add("B", colourAccent, head)
	if reason := strings.TrimSpace(a.Reason); reason != "" {
		add("", colourMuted, "Reason: "+reason)
	}
	add("", colourText, a.Text)
	var h float64
	for _, p := range parts {
		h += float64(len(p.lines)) * d.lh
	}
	d.need(h + 2)
	pdf.Ln(2)
	top, page := pdf.GetY(), pdf.PageNo()
	for _, p := range parts {
		d.font(p.style, d.bodyPt, p.colour)
		for _, l := range p.lines {
			if d.room() < d.lh {
				d.newPage()
				d.font(p.style, d.bodyPt, p.colour)
			}
			d.lines([]string{l}, marginSide+indent, w, d.lh)
		}
	}
	if pdf.PageNo() == page {
		pdf.SetFillColor(colourAccent[0], colourAccent[1], colourAccent[2])
		pdf.Rect(marginSide, top, 1.2, pdf.GetY()-top, "F")
	}
	pdf.Ln(3)
}

// signature says who signed the record and when, or that it is a draft.
func signature(r SessionRecord) string {
	if !r.Session.Signed() {
		return "DRAFT — not signed"
	}
	by := oneLine(r.SignedBy)
	if by == "" {
		by = "the practitioner"
	}
	return "Signed by " + by + " on " + when(r.Session.SignedAt)
}

// when writes a date and time: "Tuesday 13 January 2026 at 10:30".
func when(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(dateLayout) + " at " + t.Format(timeLayout)
}

func clock(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(timeLayout)
}

func minutes(n int) string { return plural(n, "minute") }
