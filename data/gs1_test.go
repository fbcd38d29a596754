package data_test

import (
	"strings"
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/datatest"
)

func TestParseGS1(t *testing.T) {
	const gtin = "05012345678900"
	tests := []struct {
		name   string
		scan   string
		want   data.GS1
		wantOK bool
	}{
		{"DataMatrix", "]d201" + gtin + "17270630" + "10DP4-2612C\x1d21SN0042",
			data.GS1{GTIN: gtin, Lot: "DP4-2612C", Serial: "SN0042", Expiry: datatest.Date(2027, 6, 30)}, true},
		{"LotLast", "]d201" + gtin + "1727063010DP4-2612C",
			data.GS1{GTIN: gtin, Lot: "DP4-2612C", Expiry: datatest.Date(2027, 6, 30)}, true},
		{"LotFirst", "]C110DP4-2612C\x1d17270600",
			data.GS1{Lot: "DP4-2612C", Expiry: datatest.Date(2027, 6, 30)}, true},
		{"DayZeroIsEndOfMonth", "01" + gtin + "1728020010X1",
			data.GS1{GTIN: gtin, Lot: "X1", Expiry: datatest.Date(2028, 2, 29)}, true},
		{"NoPrefix", "01" + gtin + "11260101" + "17271231" + "10A7",
			data.GS1{GTIN: gtin, Lot: "A7", Expiry: datatest.Date(2027, 12, 31)}, true},
		{"LeadingFNC1", "\x1d01" + gtin + "10A7\n",
			data.GS1{GTIN: gtin, Lot: "A7"}, true},
		{"Printed", "(01)" + gtin + "(17)270630(10)DP4-2612C",
			data.GS1{GTIN: gtin, Lot: "DP4-2612C", Expiry: datatest.Date(2027, 6, 30)}, true},
		{"PrintedWithSpaces", " (10) DP4-2612C (17)270600 ",
			data.GS1{Lot: "DP4-2612C", Expiry: datatest.Date(2027, 6, 30)}, true},
		{"PlainLot", "DP4-2612C", data.GS1{}, false},
		{"PlainLotLikeAnIdentifier", "10234", data.GS1{}, false},
		{"BadCheckDigit", "0105012345678901" + "10A7", data.GS1{}, false},
		{"ShortGTIN", "]d201050123", data.GS1{}, false},
		{"BadMonth", "]d21727130110A7", data.GS1{}, false},
		{"BadDay", "]d21727023110A7", data.GS1{}, false},
		{"UnknownIdentifier", "]d29912345", data.GS1{}, false},
		{"LotTooLong", "]d210" + strings.Repeat("A", 21), data.GS1{}, false},
		{"EmptyLot", "]d210\x1d17270630", data.GS1{}, false},
		{"PrintedUnclosed", "(01" + gtin, data.GS1{}, false},
		{"PrintedShortDate", "(17)2706(10)A7", data.GS1{}, false},
		{"Empty", "", data.GS1{}, false},
		{"Garbage", "]d2#?!", data.GS1{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := data.ParseGS1(tt.scan)
			if ok != tt.wantOK {
				t.Fatalf("ParseGS1(%q) ok = %v, want %v", tt.scan, ok, tt.wantOK)
			}
			if ok && got != tt.want {
				t.Errorf("ParseGS1(%q) = %+v, want %+v", tt.scan, got, tt.want)
			}
		})
	}
}

func FuzzParseGS1(f *testing.F) {
	for _, s := range []string{"]d20105012345678900172706301010DP4-2612C\x1d21SN", "(01)05012345678900(17)270600(10)A", "10A7", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, scan string) {
		g, ok := data.ParseGS1(scan)
		if !ok {
			return
		}
		if len(g.Lot) > 20 || strings.Contains(g.Lot, "\x1d") {
			t.Errorf("ParseGS1(%q) gave lot %q", scan, g.Lot)
		}
		if !g.Expiry.IsZero() && g.Expiry != data.DateOf(g.Expiry) || g.Expiry.Location() != time.UTC {
			t.Errorf("ParseGS1(%q) gave expiry %v, not a calendar date", scan, g.Expiry)
		}
	})
}
