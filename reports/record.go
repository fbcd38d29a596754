package reports

import (
	"fmt"
	"io"
	"strings"
	"time"

	"needlepoint/data"
)

// SessionRecord is the printed record of one session, for a paper file or a
// patient who asks for it: every structured field, the signature and the
// addenda written after signing.
type SessionRecord struct {
	Clinic       Clinic
	PatientName  string
	Practitioner string // who performed the session
	SignedBy     string // who signed it; ignored while a draft
	Session      data.Session
}

const timeLayout = "15:04"

// Record writes the session record as a PDF.
func Record(w io.Writer, r SessionRecord) error {
	patient := printableText(oneLine(r.PatientName))
	d, err := newDoc(r.Clinic, "Session record for "+patient)
	if err != nil {
		return err
	}
	d.patient = patient
	s := r.Session
	pdf := d.pdf

	pdf.AddPage()
	d.title("Microneedling session record")
	d.panel([]row{
		{"Patient", patient},
		{"Date and time", when(s.PerformedAt)},
		{"Practitioner", oneLine(r.Practitioner)},
		{"Status", signature(r)},
	}, true)

	d.section("Contraindication check")
	status := s.Check.Status.Label()
	if s.Check.Status == "" {
		status = "Not recorded"
	}
	d.panel([]row{{"Result", status}}, false)
	var reasons []block
	for _, reason := range s.Check.Reasons {
		text := reason.Status.Label() + ": " + reason.Message
		if !reason.EligibleFrom.IsZero() {
			text += " (eligible from " + reason.EligibleFrom.Format(dateLayout) + ")"
		}
		reasons = append(reasons, block{bullet, text})
	}
	d.body(reasons)
	d.panel([]row{{"Override reason", s.OverrideReason}}, false)

	d.section("Numbing")
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
	d.panel(numbing, false)

	d.section("Device and products")
	var expiry string
	if !s.CartridgeExpiry.IsZero() {
		expiry = s.CartridgeExpiry.Format(dateLayout)
	}
	d.panel([]row{
		{"Device", oneLine(s.Device)},
		{"Cartridge lot", oneLine(s.CartridgeLot)},
		{"Cartridge expiry", expiry},
		{"Product", oneLine(s.Product)},
		{"Product lot", oneLine(s.ProductLot)},
	}, false)

	d.section("Areas treated")
	var areas []row
	for _, a := range s.Areas {
		areas = append(areas, row{a.Area.Label(), a.Depth.String() + ", " + plural(a.Passes, "pass")})
	}
	if len(areas) == 0 {
		areas = []row{{"Areas", "None recorded"}}
	}
	d.panel(areas, false)
	var warnings []block
	for _, w := range s.DepthWarnings() {
		warnings = append(warnings, block{bullet, w})
	}
	d.body(warnings)
	if len(warnings) > 0 {
		d.panel([]row{{"Reason for the depth", s.DepthReason}}, false)
	}

	d.section("Outcome")
	var comfort, duration string
	if s.Comfort > 0 || s.Signed() {
		comfort = fmt.Sprintf("%d out of 10", s.Comfort)
	}
	if s.DurationMinutes > 0 {
		duration = minutes(s.DurationMinutes)
	}
	d.panel([]row{
		{"Endpoint", oneLine(s.Endpoint)},
		{"Reaction", s.Reaction},
		{"Comfort", comfort},
		{"Duration", duration},
	}, false)

	if notes := strings.TrimSpace(s.Notes); notes != "" {
		d.body([]block{{heading, "Notes"}, {paragraph, notes}})
	}

	d.signatureLine(signature(r))

	if len(s.Addenda) > 0 {
		d.body([]block{{heading, "Addenda"}, {paragraph, "Written after the record was signed. The original above is unchanged."}})
		for i, a := range s.Addenda {
			d.addendum(i+1, a)
		}
	}
	return d.finish(w, "the session record")
}

// section starts a titled part of the record.
func (d *doc) section(title string) {
	d.body([]block{{heading, title}})
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

// signatureLine sets the signature apart between two rules.
func (d *doc) signatureLine(text string) {
	pdf := d.pdf
	if pdf.GetY()+4+lineHeight+4 > d.pageH-marginBottom {
		pdf.AddPage()
	}
	pdf.Ln(4)
	pdf.SetDrawColor(colourRule[0], colourRule[1], colourRule[2])
	pdf.SetLineWidth(0.4)
	pdf.Line(marginSide, pdf.GetY(), d.pageW-marginSide, pdf.GetY())
	pdf.Ln(2)
	d.font("B", bodySize, colourText)
	pdf.SetX(marginSide)
	pdf.MultiCell(d.width, lineHeight+1, printableText(text), "", "L", false)
	pdf.Line(marginSide, pdf.GetY()+1, d.pageW-marginSide, pdf.GetY()+1)
	pdf.Ln(4)
}

// addendum draws one addendum: a bar on the left marks it as added later.
func (d *doc) addendum(n int, a data.Addendum) {
	pdf := d.pdf
	limit := d.pageH - marginBottom
	if pdf.GetY()+3*lineHeight > limit {
		pdf.AddPage()
	}
	pdf.Ln(2)
	top, page := pdf.GetY(), pdf.PageNo()
	const indent = 6.0
	head := fmt.Sprintf("Addendum %d", n)
	if by := oneLine(a.AuthorName); by != "" {
		head += " by " + by
	}
	if !a.WrittenAt.IsZero() {
		head += ", " + when(a.WrittenAt)
	}
	d.font("B", bodySize, colourAccent)
	pdf.SetX(marginSide + indent)
	pdf.MultiCell(d.width-indent, lineHeight, printableText(head), "", "L", false)
	if reason := strings.TrimSpace(a.Reason); reason != "" {
		d.font("", bodySize, colourMuted)
		pdf.SetX(marginSide + indent)
		pdf.MultiCell(d.width-indent, lineHeight, printableText("Reason: "+reason), "", "L", false)
	}
	d.font("", bodySize, colourText)
	pdf.SetX(marginSide + indent)
	pdf.MultiCell(d.width-indent, lineHeight, printableText(strings.TrimSpace(a.Text)), "", "L", false)
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
