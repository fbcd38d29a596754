package reports

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"

	"needlepoint/data"
)

// ConsentSheet is a signed consent form as printed for the paper file or
// for the patient: the words of the version signed, each statement
// ticked, the photo use chosen, and both signatures with when they were
// made.
type ConsentSheet struct {
	Clinic      Clinic
	PatientName string
	DateOfBirth time.Time // zero when unknown
	// DateOrder is how the clinic's region writes dates: 28/11/2026 or
	// 11/28/2026.
	DateOrder data.DateOrder
	// Consent is the consent as signed; its times are printed as they are
	// given, so the caller gives them in the clinic's time zone.
	Consent data.Consent
}

// Layout of the statements and signatures, in millimetres.
const (
	tickBox       = 4.0
	tickIndent    = 7.0
	signatureW    = 70.0
	signatureMaxH = 30.0
	signatureGap  = 10.0
)

// Consent writes the signed consent form as a PDF.
func Consent(w io.Writer, sheet ConsentSheet) error {
	c := sheet.Consent
	patient := printableText(oneLine(sheet.PatientName))
	d, err := newDoc(sheet.Clinic, "Consent form signed by "+patient)
	if err != nil {
		return err
	}
	d.running = "Consent form"
	born := sheet.DateOrder.Format(sheet.DateOfBirth)
	d.identity = patient
	if born != "" {
		d.identity += " · born " + born
	}
	d.top = bodyTop + 3
	d.footer = "Clinical record — confidential"
	if d.clinic != "" {
		d.footer += " · " + d.clinic
	}

	d.newPage()
	d.title(printableText(oneLine(c.Template.Title)))
	d.font("", d.bodyPt, colourMuted)
	d.lines([]string{fmt.Sprintf("%s consent form, version %d", c.Template.Kind.Label(), c.Template.Version)},
		marginSide, d.width, d.lh)
	d.pdf.Ln(3)
	if c.Withdrawn() {
		text := "Withdrawn on " + sheet.DateOrder.Format(c.WithdrawnAt)
		if by := oneLine(c.WithdrawnBy); by != "" {
			text += " by " + by
		}
		d.body([]block{{kind: warning, text: text + ": " + strings.TrimSpace(c.WithdrawnReason)}})
	}
	d.panel([]row{
		{"Patient", patient},
		{"Date of birth", born},
		{"Signed", sheet.stamp(c.PatientSignedAt)},
	}, true)

	d.body(consentBlocks(c.Template))
	d.statements(c.Template.Confirmations, c.Confirmed)
	if c.Template.Kind == data.ConsentPhotos {
		d.body([]block{
			{kind: heading, text: "Use of photographs"},
			{kind: paragraph, text: "The patient allows: " + c.PhotoScope.Label() + "."},
		})
	}
	if err := d.signatures(sheet); err != nil {
		return err
	}
	return d.finish(w, "the consent form")
}

// stamp writes when someone signed: "28/11/2026 10:30".
func (s ConsentSheet) stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return s.DateOrder.Format(t) + " " + t.Format(timeLayout)
}

// consentBlocks lays out a form's text, its headings and paragraphs.
func consentBlocks(t data.ConsentTemplate) []block {
	var blocks []block
	for _, p := range t.Paragraphs() {
		kind := paragraph
		if p.Heading {
			kind = heading
		}
		blocks = append(blocks, block{kind: kind, text: p.Text})
	}
	return blocks
}

// statements draws each statement the patient confirmed beside a ticked
// box; a statement left unticked, which signing does not allow, shows an
// empty box and says so.
func (d *doc) statements(list []string, confirmed []bool) {
	if len(list) == 0 {
		return
	}
	pdf := d.pdf
	w := d.width - tickIndent
	laid := make([][]string, len(list))
	for i, s := range list {
		if i >= len(confirmed) || !confirmed[i] {
			s += " (not confirmed)"
		}
		d.font("", d.bodyPt, colourText)
		laid[i] = d.wrap(printableText(oneLine(s)), w)
	}
	head := d.blocksHeight([]block{{kind: heading, text: "The patient confirmed"}})
	d.need(head + float64(len(laid[0]))*d.lh)
	d.section("The patient confirmed")
	for i, lines := range laid {
		d.need(float64(len(lines)) * d.lh)
		y := pdf.GetY()
		x, top := marginSide+0.5, y+(d.lh-tickBox)/2
		pdf.SetDrawColor(colourMuted[0], colourMuted[1], colourMuted[2])
		pdf.SetLineWidth(0.3)
		pdf.Rect(x, top, tickBox, tickBox, "D")
		if i < len(confirmed) && confirmed[i] {
			pdf.SetDrawColor(colourAccent[0], colourAccent[1], colourAccent[2])
			pdf.SetLineWidth(0.6)
			pdf.SetLineCapStyle("round")
			pdf.Line(x+0.8, top+2.1, x+1.7, top+3.2)
			pdf.Line(x+1.7, top+3.2, x+3.4, top+0.8)
			pdf.SetLineCapStyle("butt")
		}
		d.font("", d.bodyPt, colourText)
		d.lines(lines, marginSide+tickIndent, w, d.lh)
		pdf.Ln(1.2)
	}
}

// signer is one signature on the form and what is printed under it.
type signer struct {
	image   []byte
	caption string
}

// signatures draws the patient's and the witness's signatures side by
// side, each about 70 mm wide over a line, with the name and when it was
// signed below; they are kept on one page with their heading.
func (d *doc) signatures(sheet ConsentSheet) error {
	c := sheet.Consent
	pdf := d.pdf
	people := []signer{
		{c.Patient.Image, "Patient: " + oneLine(sheet.PatientName) + ", signed " + sheet.stamp(c.PatientSignedAt)},
		{c.Witness.Image, "Witness: " + oneLine(c.WitnessName) + ", practitioner, signed " + sheet.stamp(c.WitnessSignedAt)},
	}
	col := (d.width - signatureGap) / 2
	type placed struct {
		name     string
		w, h     float64
		captions []string
	}
	var (
		laid  []placed
		imgH  float64
		lines int
	)
	for i, p := range people {
		name := fmt.Sprintf("signature-%d", i)
		opts := gofpdf.ImageOptions{ImageType: "PNG"}
		info := pdf.RegisterImageOptionsReader(name, opts, bytes.NewReader(p.image))
		if info == nil || info.Width() <= 0 || info.Height() <= 0 {
			return fmt.Errorf("a signature on the consent form cannot be read: %w", pdf.Error())
		}
		w, h := signatureW, signatureW*info.Height()/info.Width()
		if h > signatureMaxH {
			w, h = signatureMaxH*info.Width()/info.Height(), signatureMaxH
		}
		d.font("", d.bodyPt, colourText)
		l := placed{name, w, h, d.wrap(printableText(p.caption), col)}
		imgH, lines = max(imgH, h), max(lines, len(l.captions))
		laid = append(laid, l)
	}
	head := d.blocksHeight([]block{{kind: heading, text: "Signatures"}})
	d.need(head + imgH + 2 + float64(lines)*d.lh)
	d.section("Signatures")
	top := pdf.GetY()
	for i, l := range laid {
		x := marginSide + float64(i)*(col+signatureGap)
		pdf.ImageOptions(l.name, x, top+imgH-l.h, l.w, l.h, false, gofpdf.ImageOptions{ImageType: "PNG"}, 0, "")
		pdf.SetDrawColor(colourMuted[0], colourMuted[1], colourMuted[2])
		pdf.SetLineWidth(0.3)
		pdf.Line(x, top+imgH+0.5, x+col, top+imgH+0.5)
		pdf.SetY(top + imgH + 1.5)
		d.font("", d.bodyPt, colourText)
		d.lines(l.captions, x, col, d.lh)
	}
	pdf.SetY(top + imgH + 1.5 + float64(lines)*d.lh + 3)
	return pdf.Error()
}
