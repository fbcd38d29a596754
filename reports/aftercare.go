// Package reports prints the handouts a clinic gives to patients, such as
// the aftercare sheet after a microneedling session. It knows nothing of
// screens or storage: callers pass in plain values and an io.Writer.
package reports

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"io"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/jung-kurt/gofpdf"

	"needlepoint/data"
)

// Clinic is what a handout says about the clinic that gives it.
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
// after the skin day by day, when to call, and when to come back.
type AftercareSheet struct {
	Clinic              Clinic
	PatientName         string // as the patient writes it, in any script
	TreatedAt           time.Time
	Practitioner        string
	Areas               []data.SessionArea
	ProductsUsed        []string
	RecommendedProducts []string
	NextAppointment     time.Time // zero if none is booked
	NextDue             time.Time // from the series; zero if none
	NextWait            data.Wait // what holds NextDue back, if anything
	Notes               string    // the practitioner's note for the patient; optional
	Template            string    // empty means DefaultAftercareTemplate
}

// now and compress are seams for tests, which need the same bytes on every
// run and streams that can be read without inflating them.
var (
	now      = time.Now
	compress = true
)

// Dates as patients read them: the day plan names the weekday, the rest of
// the sheet the full date.
const (
	dayLayout  = "Monday 2 January"
	dateLayout = "Monday 2 January 2006"
)

// Page layout in millimetres and points. The body is set at 12 pt, which
// most people can read at arm's length.
const (
	marginSide   = 22.0
	marginBottom = 24.0
	headerTop    = 15.0
	logoHeight   = 16.0
	headerRule   = 37.0
	bodyTop      = 47.0

	bodySize    = 12.0
	lineHeight  = 6.2
	headingSize = 14.0
	titleSize   = 20.0
	smallSize   = 9.5
)

// Colours: a calm teal for structure, near black for reading.
var (
	colourText    = [3]int{34, 38, 41}
	colourMuted   = [3]int{96, 104, 110}
	colourAccent  = [3]int{38, 112, 116}
	colourPanel   = [3]int{238, 245, 245}
	colourRule    = [3]int{190, 214, 214}
	colourOnPanel = [3]int{255, 255, 255}
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
	d, err := newDoc(sheet.Clinic, "Aftercare for "+printableText(oneLine(sheet.PatientName)))
	if err != nil {
		return err
	}
	d.patient = printableText(oneLine(sheet.PatientName))
	pdf := d.pdf

	pdf.AddPage()
	d.title("Caring for your skin after microneedling")
	d.details(sheet)
	d.body(blocks)
	return d.finish(w, "the aftercare sheet")
}

// newDoc starts a handout for the clinic: paper, fonts, logo, metadata and
// the header on every page. title names the document in its metadata and,
// with ", continued", at the top of every page after the first; it must
// already be printable. The caller adds the first page.
func newDoc(clinic Clinic, title string) (*doc, error) {
	size := "A4"
	switch strings.ToLower(strings.TrimSpace(clinic.PaperSize)) {
	case "", "a4":
	case "letter":
		size = "Letter"
	default:
		return nil, fmt.Errorf("paper size %q: choose A4 or Letter", clinic.PaperSize)
	}

	pdf := gofpdf.NewCustom(&gofpdf.InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: size})
	d := &doc{
		pdf:     pdf,
		running: title,
		clinic:  printableText(oneLine(clinic.Name)),
		address: printableText(oneLine(clinic.Address)),
		phone:   printableText(oneLine(clinic.Phone)),
	}
	d.pageW, d.pageH = pdf.GetPageSize()
	d.width = d.pageW - 2*marginSide

	pdf.SetCompression(compress)
	t := now()
	pdf.SetCreationDate(t)
	pdf.SetModificationDate(t)
	pdf.SetTitle(title, true)
	pdf.SetAuthor(d.clinic, true)
	pdf.SetCreator(creator, true)
	for _, face := range fontFaces {
		// gofpdf writes into the font bytes it is given; each document
		// needs its own copy or concurrent sheets race.
		pdf.AddUTF8FontFromBytes(fontFamily, face.style, bytes.Clone(face.ttf))
	}
	pdf.SetMargins(marginSide, bodyTop, marginSide)
	pdf.SetAutoPageBreak(true, marginBottom)
	pdf.SetCellMargin(0)
	if img, ok := logoPNG(clinic.Logo); ok {
		info := pdf.RegisterImageOptionsReader("logo", gofpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(img))
		if info != nil && info.Height() > 0 {
			d.logo, d.logoRatio = "logo", info.Width()/info.Height()
		}
	}
	pdf.SetHeaderFuncMode(d.header, true)
	return d, nil
}

// finish writes the footers and the document; what names it in an error.
func (d *doc) finish(w io.Writer, what string) error {
	d.footers()
	if err := d.pdf.Error(); err != nil {
		return fmt.Errorf("printing %s: %w", what, err)
	}
	return d.pdf.Output(w)
}

// sheetValues works out the personal parts of a sheet.
func sheetValues(s AftercareSheet) values {
	day := data.DateOf(s.TreatedAt)
	var deepest data.Depth
	areas := make([]string, 0, len(s.Areas))
	for _, a := range s.Areas {
		deepest = max(deepest, a.Depth)
		areas = append(areas, areaText(a))
	}
	phone := strings.TrimSpace(s.Clinic.Phone)
	if phone == "" {
		phone = "our usual number"
	}
	var next string
	switch {
	case !s.NextAppointment.IsZero():
		next = "Your next session is booked for " + fullDate(s.NextAppointment) + "."
	case s.NextWait.Holds():
		next = "Your next session is " + s.NextWait.Note(dateLayout) + ". Call us on " + phone + " to book it."
	case !s.NextDue.IsZero():
		next = "Your next session is due around " + s.NextDue.Format(dateLayout) + ". Call us on " + phone + " to book it."
	}
	return values{
		text: map[string]string{
			"name":           oneLine(s.PatientName),
			"treatment_date": s.TreatedAt.Format(dateLayout),
			"practitioner":   oneLine(s.Practitioner),
			"clinic_name":    oneLine(s.Clinic.Name),
			"clinic_phone":   phone,
			"day0":           day.Format(dayLayout),
			"day1":           day.AddDate(0, 0, 1).Format(dayLayout),
			"day2":           day.AddDate(0, 0, 2).Format(dayLayout),
			"day3":           day.AddDate(0, 0, 3).Format(dayLayout),
			"downtime":       Downtime(deepest),
			"next":           next,
			"notes":          strings.TrimSpace(s.Notes),
		},
		lists: map[string][]string{
			"areas":                areas,
			"products_used":        s.ProductsUsed,
			"recommended_products": s.RecommendedProducts,
		},
	}
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

// doc is one sheet being laid out.
type doc struct {
	pdf                             *gofpdf.Fpdf
	pageW, pageH, width             float64
	patient, clinic, address, phone string
	running                         string // what the page header says after page 1, before ", continued"
	logo                            string
	logoRatio                       float64
}

func (d *doc) font(style string, size float64, colour [3]int) {
	d.pdf.SetFont(fontFamily, style, size)
	d.pdf.SetTextColor(colour[0], colour[1], colour[2])
}

// header draws the clinic's name, address and phone at the top of every
// page, and says whose sheet continues on the pages after the first.
func (d *doc) header() {
	pdf := d.pdf
	x := marginSide
	if d.logo != "" {
		w, h := logoHeight*d.logoRatio, logoHeight
		if w > 45 {
			w, h = 45, 45/d.logoRatio
		}
		pdf.ImageOptions(d.logo, x, headerTop+(logoHeight-h)/2, w, h, false, gofpdf.ImageOptions{ImageType: "PNG"}, 0, "")
		x += w + 5
	} else {
		r := logoHeight / 2
		pdf.SetFillColor(colourAccent[0], colourAccent[1], colourAccent[2])
		pdf.Circle(x+r, headerTop+r, r, "F")
		d.font("B", 13, colourOnPanel)
		pdf.SetXY(x, headerTop)
		pdf.CellFormat(2*r, 2*r, initials(d.clinic), "", 0, "C", false, 0, "")
		x += 2*r + 5
	}
	avail := d.pageW - marginSide - x
	d.font("B", 15, colourText)
	pdf.SetXY(x, headerTop-0.5)
	pdf.CellFormat(avail, 7, d.fit(d.clinic, avail), "", 2, "L", false, 0, "")
	d.font("", smallSize, colourMuted)
	for _, line := range []string{d.address, labelled("Phone", d.phone)} {
		if line != "" {
			pdf.CellFormat(avail, 4.8, d.fit(line, avail), "", 2, "L", false, 0, "")
		}
	}
	pdf.SetDrawColor(colourRule[0], colourRule[1], colourRule[2])
	pdf.SetLineWidth(0.4)
	pdf.Line(marginSide, headerRule, d.pageW-marginSide, headerRule)
	if pdf.PageNo() > 1 {
		d.font("", smallSize, colourMuted)
		pdf.SetXY(marginSide, headerRule+1.5)
		pdf.CellFormat(d.width, 5, d.fit(d.running+", continued", d.width), "", 0, "R", false, 0, "")
	}
}

// footers write "Page 1 of 2" and the clinic's phone at the foot of each
// page, once the number of pages is known.
func (d *doc) footers() {
	pdf := d.pdf
	pdf.SetAutoPageBreak(false, 0)
	n := pdf.PageCount()
	y := d.pageH - 15
	for p := 1; p <= n; p++ {
		pdf.SetPage(p)
		// gofpdf skips a font change it thinks is a no-op, but this page
		// may have ended in another font: change it twice to be sure.
		d.font("B", smallSize+1, colourMuted)
		d.font("", smallSize, colourMuted)
		pdf.SetDrawColor(colourRule[0], colourRule[1], colourRule[2])
		pdf.SetLineWidth(0.3)
		pdf.Line(marginSide, y-2, d.pageW-marginSide, y-2)
		left := d.clinic
		if d.phone != "" {
			left = "Questions? Call us on " + d.phone
		}
		pageNo := fmt.Sprintf("Page %d of %d", p, n)
		pdf.SetXY(marginSide, y)
		pdf.CellFormat(d.width-30, 5, d.fit(left, d.width-32), "", 0, "L", false, 0, "")
		pdf.SetXY(d.pageW-marginSide-30, y)
		pdf.CellFormat(30, 5, pageNo, "", 0, "R", false, 0, "")
	}
}

func (d *doc) title(text string) {
	d.font("B", titleSize, colourText)
	d.pdf.SetX(marginSide)
	d.pdf.MultiCell(d.width, 9, text, "", "L", false)
	d.pdf.Ln(3)
}

// details draws the personal facts of the sheet in a tinted panel.
func (d *doc) details(s AftercareSheet) {
	rows := []row{
		{"Name", d.patient},
		{"Treatment date", s.TreatedAt.Format(dateLayout)},
		{"Practitioner", oneLine(s.Practitioner)},
	}
	var areas []string
	var deepest data.Depth
	for _, a := range s.Areas {
		areas = append(areas, areaText(a))
		deepest = max(deepest, a.Depth)
	}
	rows = append(rows, row{"Areas treated", strings.Join(areas, "\n")})
	if len(s.Areas) > 0 {
		rows = append(rows, row{"Expected downtime", Downtime(deepest)})
	}

	d.panel(rows, true)
}

// row is one labelled fact in a panel.
type row struct{ label, value string }

// panel draws labelled facts, the label in small muted type beside the
// value; rows with an empty value are left out. With tint, and when it fits
// on the page, a tinted box goes behind them.
func (d *doc) panel(rows []row, tint bool) {
	pdf := d.pdf
	const labelW, gap = 44.0, 1.2
	pad, padX, after := 6.0, 6.0, 4.0
	if !tint {
		pad, padX, after = 1.0, 0, 1.5
	}
	valueW := d.width - 2*padX - labelW
	height := 2 * pad
	kept := rows[:0]
	for _, r := range rows {
		r.value = printableText(strings.TrimSpace(r.value))
		if r.value == "" {
			continue
		}
		d.font("", bodySize, colourText)
		height += float64(max(1, len(pdf.SplitText(r.value, valueW))))*lineHeight + gap
		kept = append(kept, r)
	}
	height -= gap
	top := pdf.GetY()
	if tint && top+height <= d.pageH-marginBottom {
		pdf.SetFillColor(colourPanel[0], colourPanel[1], colourPanel[2])
		pdf.RoundedRect(marginSide, top, d.width, height, 3, "1234", "F")
	}
	pdf.SetY(top + pad)
	for i, r := range kept {
		if pdf.GetY()+lineHeight > d.pageH-marginBottom {
			pdf.AddPage()
		}
		y := pdf.GetY()
		d.font("", smallSize+0.5, colourMuted)
		// Sit the smaller label on the value's baseline.
		pdf.SetXY(marginSide+padX, y+0.3)
		pdf.CellFormat(labelW, lineHeight, d.fit(printableText(oneLine(r.label)), labelW-1), "", 0, "L", false, 0, "")
		style := ""
		if i == 0 && tint {
			style = "B"
		}
		d.font(style, bodySize, colourText)
		pdf.SetXY(marginSide+padX+labelW, y)
		pdf.MultiCell(valueW, lineHeight, r.value, "", "L", false)
		pdf.SetY(pdf.GetY() + gap)
	}
	pdf.SetY(pdf.GetY() - gap + pad + after)
}

// body lays out the filled-in template.
func (d *doc) body(blocks []block) {
	pdf := d.pdf
	limit := d.pageH - marginBottom
	for _, b := range blocks {
		text := printableText(b.text)
		pdf.SetX(marginSide)
		switch b.kind {
		case heading:
			// Keep a heading with at least two lines of what follows.
			if pdf.GetY()+6+8+2*lineHeight > limit && pdf.GetY() > bodyTop+1 {
				pdf.AddPage()
			} else if pdf.GetY() > bodyTop+1 {
				pdf.Ln(5)
			}
			d.font("B", headingSize, colourAccent)
			pdf.SetX(marginSide)
			pdf.MultiCell(d.width, 8, text, "", "L", false)
			pdf.Ln(1)
		case bullet:
			if pdf.GetY()+lineHeight > limit {
				pdf.AddPage()
			}
			y := pdf.GetY()
			pdf.SetFillColor(colourAccent[0], colourAccent[1], colourAccent[2])
			pdf.Circle(marginSide+2.2, y+lineHeight/2, 0.95, "F")
			d.font("", bodySize, colourText)
			pdf.SetXY(marginSide+7, y)
			pdf.MultiCell(d.width-7, lineHeight, text, "", "L", false)
			pdf.Ln(0.8)
		default:
			d.font("", bodySize, colourText)
			pdf.MultiCell(d.width, lineHeight, text, "", "L", false)
			pdf.Ln(2.5)
		}
	}
}

// fit shortens s with an ellipsis to fit width w in the current font, for
// the one-line parts of the header and footer.
func (d *doc) fit(s string, w float64) string {
	if d.pdf.GetStringWidth(s) <= w {
		return s
	}
	more := printableText("…")
	r := []rune(s)
	lo, hi := 0, len(r)
	for lo < hi { // the longest prefix that fits with the ellipsis
		mid := (lo + hi + 1) / 2
		if d.pdf.GetStringWidth(string(r[:mid])+more) <= w {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return strings.TrimRight(string(r[:lo]), " ,") + more
}

func labelled(label, value string) string {
	if value == "" {
		return ""
	}
	return label + " " + value
}

// initials are the default logo: the first letters of the first two words
// of the clinic's name.
func initials(name string) string {
	var out []rune
	for _, w := range strings.Fields(name) {
		r, _ := utf8.DecodeRuneInString(w)
		if r != '?' && len(out) < 2 {
			out = append(out, r)
		}
	}
	return printableText(strings.ToUpper(string(out)))
}

// logoCache keeps the last logo converted, since a clinic prints every
// sheet with the same one.
var logoCache struct {
	sync.Mutex
	raw, png []byte
	ok       bool
}

// logoPNG returns the logo as a plain 8-bit PNG that gofpdf reads (it does
// not read interlaced or 16-bit ones), and false when there is no logo or
// it is not a PNG, so that the default stands in rather than no sheet.
func logoPNG(raw []byte) ([]byte, bool) {
	if len(raw) == 0 {
		return nil, false
	}
	logoCache.Lock()
	defer logoCache.Unlock()
	if bytes.Equal(raw, logoCache.raw) {
		return logoCache.png, logoCache.ok
	}
	logoCache.raw, logoCache.png, logoCache.ok = bytes.Clone(raw), nil, false
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		return nil, false
	}
	b := img.Bounds()
	plain := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			plain.Set(x-b.Min.X, y-b.Min.Y, img.At(x, y))
		}
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, plain); err != nil {
		return nil, false
	}
	logoCache.png, logoCache.ok = buf.Bytes(), true
	return logoCache.png, true
}
