package data

import (
	"fmt"
	"strconv"
	"strings"
)

// Area is a part of the body treated with microneedling.
type Area string

// Treatment areas, as a practitioner names them.
const (
	AreaForehead    Area = "forehead"
	AreaAroundEyes  Area = "around_eyes"
	AreaNose        Area = "nose"
	AreaUpperLip    Area = "upper_lip"
	AreaCheeks      Area = "cheeks"
	AreaChin        Area = "chin"
	AreaJawline     Area = "jawline"
	AreaNeck        Area = "neck"
	AreaDecolletage Area = "decolletage"
	AreaScalp       Area = "scalp"
	AreaBody        Area = "body"
	AreaOther       Area = "other"
)

// Areas lists the treatment areas from head to body.
var Areas = []Area{AreaForehead, AreaAroundEyes, AreaNose, AreaUpperLip, AreaCheeks, AreaChin,
	AreaJawline, AreaNeck, AreaDecolletage, AreaScalp, AreaBody, AreaOther}

var areaLabels = map[Area]string{
	AreaForehead: "Forehead", AreaAroundEyes: "Around the eyes", AreaNose: "Nose",
	AreaUpperLip: "Upper lip", AreaCheeks: "Cheeks", AreaChin: "Chin", AreaJawline: "Jawline",
	AreaNeck: "Neck", AreaDecolletage: "Décolletage", AreaScalp: "Scalp",
	AreaBody: "Body (e.g. stretch marks)", AreaOther: "Other",
}

// Label returns the area's name in plain words.
func (a Area) Label() string {
	if l, ok := areaLabels[a]; ok {
		return l
	}
	return string(a)
}

// Depth is a needle depth in hundredths of a millimetre: 75 is 0.75 mm.
// Whole numbers keep depths exact through storage and comparison.
type Depth int

// Needle depths a device can set.
const (
	MinDepth Depth = 10  // 0.1 mm
	MaxDepth Depth = 300 // 3.0 mm
)

// String writes the depth in millimetres, e.g. "0.75 mm".
func (d Depth) String() string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%d.%02d", d/100, d%100), "0"), ".") + " mm"
}

// ParseDepth reads a depth typed in millimetres, such as "0.5", "1,25" or
// "0.75 mm", to the hundredth of a millimetre.
func ParseDepth(s string) (Depth, error) {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "mm"))
	t = strings.Replace(t, ",", ".", 1)
	bad := fmt.Errorf("%q is not a depth; type millimetres such as 0.5 or 1.25", s)
	whole, frac, _ := strings.Cut(t, ".")
	if whole == "" {
		whole = "0"
	}
	if len(frac) > 2 || len(whole) > 2 || (whole == "0" && frac == "" && t != "0") {
		return 0, bad
	}
	w, err := strconv.Atoi(whole)
	if err != nil || w < 0 || strings.ContainsAny(whole, "+-") {
		return 0, bad
	}
	f := 0
	if frac != "" {
		if f, err = strconv.Atoi((frac + "0")[:2]); err != nil || strings.ContainsAny(frac, "+-") {
			return 0, bad
		}
	}
	d := Depth(w*100 + f)
	if d < MinDepth || d > MaxDepth {
		return 0, fmt.Errorf("%s is outside what a device can set (%s to %s)", d, MinDepth, MaxDepth)
	}
	return d, nil
}

// DepthGuide returns the manufacturer's guide range of needle depth for an
// area (drpen.net needle-depth guide), and false for areas without one.
// It is a guide, not a standard: outside it the form warns, not refuses.
func DepthGuide(a Area) (lo, hi Depth, ok bool) {
	switch a {
	case AreaForehead:
		return 25, 75, true
	case AreaAroundEyes, AreaNose, AreaUpperLip, AreaNeck, AreaDecolletage:
		return 25, 50, true
	case AreaCheeks, AreaChin, AreaJawline:
		return 50, 200, true
	case AreaScalp:
		return 50, 150, true
	case AreaBody:
		return 50, 200, true
	}
	return 0, 0, false
}
