package sqlstore

import (
	"strings"
)

// joinList stores a list of codes as one comma-separated text.
func joinList[T ~string](list []T) string {
	parts := make([]string, len(list))
	for i, x := range list {
		parts[i] = string(x)
	}
	return strings.Join(parts, ",")
}

// splitList reads a list stored by joinList.
func splitList[T ~string](s string) []T {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	list := make([]T, len(parts))
	for i, p := range parts {
		list[i] = T(p)
	}
	return list
}
