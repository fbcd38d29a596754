package reports

import (
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"

	"needlepoint/data"
)

// DaySheet is the front desk's printed list of one day's appointments, for
// the desk and the treatment rooms when a screen is not at hand.
type DaySheet struct {
	Clinic Clinic
	Day    time.Time
	// Appointments are the day's, with patient and practitioner names
	// filled in; cancelled ones are listed apart at the end.
	Appointments []data.Appointment
	// Phones are the patients' phone numbers by patient ID, so the desk
	// can call someone who is late.
	Phones map[int64]string
}

// daySheetColumn is one column of the sheet's table; share is its part of
// the page width.
type daySheetColumn struct {
	heading string
	share   float64
	cell    func(a data.Appointment, phone string) string
}

// dayColumns are the columns of the sheet's tables. The list of the day
// shows the room and each status; the cancelled list shows why instead.
func dayColumns(cancelled bool) []daySheetColumn {
	columns := []daySheetColumn{
		{"Time", 0.10, func(a data.Appointment, _ string) string { return a.TimeRange() }},
		{"Patient", 0.20, func(a data.Appointment, _ string) string { return a.PatientName }},
		{"What", 0.20, func(a data.Appointment, _ string) string { return a.What() }},
		{"Practitioner", 0.16, func(a data.Appointment, _ string) string { return a.PractitionerName }},
	}
	if cancelled {
		columns = append(columns, daySheetColumn{"Reason", 0.19, func(a data.Appointment, _ string) string { return a.StatusReason }})
	} else {
		columns = append(columns,
			daySheetColumn{"Room", 0.06, func(a data.Appointment, _ string) string { return a.Room }},
			daySheetColumn{"Status", 0.13, func(a data.Appointment, _ string) string { return a.Status.Label() }})
	}
	return append(columns, daySheetColumn{"Phone", 0.15, func(_ data.Appointment, phone string) string { return phone }})
}

// Table sizes in millimetres and points: small enough for a full day on a
// page, large enough to read at the desk.
const (
	daySheetSize = 10.5
	daySheetRow  = 7.0
	daySheetLine = 4.6 // each further line of a wrapped cell
)

// Day writes the day sheet as a PDF on landscape paper: the day's
// appointments by time, then practitioner, and the cancelled ones apart.
func Day(w io.Writer, sheet DaySheet) error {
	title := "Appointments on " + sheet.Day.Format(dateLayout)
	d, err := newDoc(sheet.Clinic, title)
	if err != nil {
		return err
	}
	// The sheet stays at the desk: the header names the clinic, and the
	// footer needs no "call us" line.
	d.phone = ""
	portraitW, portraitH := d.pdf.GetPageSize()
	d.pageW, d.pageH = portraitH, portraitW
	d.width = d.pageW - 2*marginSide
	landscape := func() {
		d.pdf.AddPageFormat("L", gofpdf.SizeType{Wd: portraitW, Ht: portraitH})
		d.pdf.SetY(d.top)
	}

	list := slices.Clone(sheet.Appointments)
	slices.SortStableFunc(list, func(a, b data.Appointment) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return strings.Compare(a.PractitionerName, b.PractitionerName)
	})
	var day, cancelled []data.Appointment
	for _, a := range list {
		if a.Status == data.StatusCancelled {
			cancelled = append(cancelled, a)
		} else {
			day = append(day, a)
		}
	}

	landscape()
	d.title(title)
	d.font("", d.bodyPt, colourMuted)
	d.lines([]string{daySheetSummary(day, cancelled)}, marginSide, d.width, d.lh)
	d.pdf.Ln(3)
	if len(day) > 0 {
		d.dayTable(day, sheet.Phones, dayColumns(false), landscape)
	}
	if len(cancelled) > 0 {
		if d.pdf.GetY()+14+2*daySheetRow > d.pageH-marginBottom {
			landscape()
		}
		d.pdf.Ln(4)
		d.font("B", d.headPt, colourAccent)
		d.lines([]string{"Cancelled"}, marginSide, d.width, 8)
		d.pdf.Ln(1)
		d.dayTable(cancelled, sheet.Phones, dayColumns(true), landscape)
	}
	return d.finish(w, "the day sheet")
}

// daySheetSummary counts the day, e.g. "9 appointments · 2 cancelled".
func daySheetSummary(day, cancelled []data.Appointment) string {
	if len(day)+len(cancelled) == 0 {
		return "No appointments."
	}
	text := plural(len(day), "appointment")
	if len(cancelled) > 0 {
		text += " · " + strconv.Itoa(len(cancelled)) + " cancelled"
	}
	return text
}

// dayTable draws appointments as rows under a heading row that is repeated
// on each new page.
func (d *doc) dayTable(list []data.Appointment, phones map[int64]string, columns []daySheetColumn, newPage func()) {
	pdf := d.pdf
	const pad = 1.5
	// lay breaks each cell into lines, up to three, and returns them with
	// the row's height: a long name wraps rather than lose its end.
	lay := func(bold bool, texts []string) ([][]string, float64) {
		cells := make([][]string, len(columns))
		n := 1
		for i, c := range columns {
			w := c.share*d.width - 2*pad
			style := ""
			if bold || i == 0 {
				style = "B"
			}
			d.font(style, daySheetSize, colourText)
			lines := d.wrap(printableText(oneLine(texts[i])), w)
			if len(lines) > 3 {
				lines = append(lines[:2], d.fit(strings.Join(lines[2:], " "), w))
			}
			cells[i] = lines
			n = max(n, len(lines))
		}
		return cells, daySheetRow + float64(n-1)*daySheetLine
	}
	row := func(bold bool, colour [3]int, cells [][]string, h float64) {
		y, x := pdf.GetY(), marginSide
		for i, c := range columns {
			w := c.share*d.width - 2*pad
			style := ""
			if bold || i == 0 {
				style = "B"
			}
			d.font(style, daySheetSize, colour)
			for k, line := range cells[i] {
				d.drawLine(x+pad, y+float64(k)*daySheetLine, w, daySheetRow, line, "L")
			}
			x += c.share * d.width
		}
		pdf.SetY(y + h)
	}
	headings := make([]string, len(columns))
	for i, c := range columns {
		headings[i] = c.heading
	}
	heading := func() {
		cells, h := lay(true, headings)
		pdf.SetFillColor(colourPanel[0], colourPanel[1], colourPanel[2])
		pdf.Rect(marginSide, pdf.GetY(), d.width, h, "F")
		row(true, colourAccent, cells, h)
	}
	heading()
	for _, a := range list {
		texts := make([]string, len(columns))
		for i, c := range columns {
			texts[i] = c.cell(a, phones[a.PatientID])
		}
		cells, h := lay(false, texts)
		if pdf.GetY()+h > d.pageH-marginBottom {
			newPage()
			heading()
		}
		colour := colourText
		if a.Status == data.StatusNoShow || a.Status == data.StatusCancelled {
			colour = colourMuted
		}
		row(false, colour, cells, h)
		pdf.SetDrawColor(colourRule[0], colourRule[1], colourRule[2])
		pdf.SetLineWidth(0.2)
		pdf.Line(marginSide, pdf.GetY(), d.pageW-marginSide, pdf.GetY())
	}
}
