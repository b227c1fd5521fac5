package loaders

// LaTeX in BibTeX values turned into plain Unicode: accents (composed with
// Unicode normalisation), escapes, symbols and dashes.

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// bibValue turns a field's raw text into its value.
func bibValue(field, raw string) string {
	switch field {
	case "url", "doi", "eprint":
		return collapseSpace(texVerbatim(raw))
	case "pages":
		return collapseSpace(singleDashes(texToUnicode(raw)))
	}
	return collapseSpace(texToUnicode(raw))
}

// collapseSpace turns runs of whitespace into one space and trims the ends.
func collapseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		r, w := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, w = utf8.DecodeRuneInString(s[i:])
		}
		if r == ' ' || r == '\n' || isBlank(s[i]) || r >= utf8.RuneSelf && unicode.IsSpace(r) {
			space = b.Len() > 0
			i += w
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteString(s[i : i+w])
		i += w
	}
	return b.String()
}

// singleDashes turns every run of dashes (- – — and friends) into one "-".
func singleDashes(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		if r == '-' || r == '‐' || r == '‑' || r == '‒' || r == '–' || r == '—' || r == '―' {
			if !dash {
				b.WriteByte('-')
			}
			dash = true
			continue
		}
		dash = false
		b.WriteRune(r)
	}
	return b.String()
}

// texVerbatim drops braces and unescapes \_ \% \& \# \$ \~ (for URLs and DOIs).
func texVerbatim(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '{' || c == '}':
		case c == '\\' && i+1 < len(s) && strings.IndexByte(`_%&#$~{}`, s[i+1]) >= 0:
			b.WriteByte(s[i+1])
			i++
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// texToUnicode turns LaTeX text into plain Unicode (see BibField.Value);
// whitespace is not collapsed.
func texToUnicode(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		switch c {
		case '{', '}', '$':
			i++
		case '~':
			b.WriteByte(' ')
			i++
		case '-':
			n := 1
			for i+n < len(s) && s[i+n] == '-' {
				n++
			}
			switch n {
			case 2:
				b.WriteString("–")
			case 3:
				b.WriteString("—")
			default:
				b.WriteString(s[i : i+n])
			}
			i += n
		case '`', '\'':
			if i+1 < len(s) && s[i+1] == c {
				if c == '`' {
					b.WriteString("“")
				} else {
					b.WriteString("”")
				}
				i += 2
				continue
			}
			b.WriteByte(c)
			i++
		case '\\':
			i = texCommand(s, i, &b)
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

// texCommand converts the command at s[i] ('\\') and returns the offset
// after it.
func texCommand(s string, i int, b *strings.Builder) int {
	j := i + 1
	if j >= len(s) {
		return j
	}
	c := s[j]
	if isASCIILetter(c) {
		k := j
		for k < len(s) && isASCIILetter(s[k]) {
			k++
		}
		name := s[j:k]
		if len(name) == 1 && strings.IndexByte("uvHckrdbt", name[0]) >= 0 {
			return texAccent(s, k, name[0], b)
		}
		if sym, ok := texSymbols[name]; ok {
			b.WriteString(sym)
			k = skipTeXSpace(s, k) // TeX eats the spaces after a control word
			if strings.HasPrefix(s[k:], "{}") {
				k += 2
			}
			return k
		}
		if m := skipTeXSpace(s, k); m < len(s) && s[m] == '{' {
			return m // drop the command; its argument is read as a group
		}
		b.WriteString(s[i:k]) // unknown command without argument: keep it
		return k
	}
	switch c {
	case '"', '\'', '`', '^', '~', '=', '.':
		return texAccent(s, j+1, c, b)
	case '&', '%', '$', '_', '#', '{', '}':
		b.WriteByte(c)
	case ' ', '\t', '\n', '\r', ',', ';', ':', '\\':
		b.WriteByte(' ')
	case '-', '/', '!', '@':
	default:
		_, w := utf8.DecodeRuneInString(s[j:])
		b.WriteString(s[j : j+w])
		return j + w
	}
	return j + 1
}

func skipTeXSpace(s string, k int) int {
	for k < len(s) && (s[k] == ' ' || s[k] == '\t' || s[k] == '\n' || s[k] == '\r') {
		k++
	}
	return k
}

// texAccent applies accent acc to the character at or after s[k] (after
// blanks and opening braces; the closing braces are dropped by the caller).
func texAccent(s string, k int, acc byte, b *strings.Builder) int {
	for k < len(s) && (s[k] == '{' || s[k] == ' ' || s[k] == '\t' || s[k] == '\n' || s[k] == '\r') {
		k++
	}
	if k >= len(s) || s[k] == '}' {
		b.WriteString(texAccents[acc].spacing)
		return k
	}
	var base rune
	if s[k] == '\\' {
		m := k + 1
		for m < len(s) && isASCIILetter(s[m]) {
			m++
		}
		sym, ok := texSymbols[s[k+1:m]]
		if !ok || m == k+1 || utf8.RuneCountInString(sym) != 1 {
			b.WriteString(texAccents[acc].spacing)
			return k // let the caller read the command
		}
		base, _ = utf8.DecodeRuneInString(sym)
		k = skipTeXSpace(s, m)
	} else {
		var w int
		base, w = utf8.DecodeRuneInString(s[k:])
		k += w
	}
	b.WriteString(composeAccent(acc, base))
	return k
}

// composeAccent puts accent acc on base: the base letter and the accent's
// combining mark, composed into one character by Unicode normalisation
// (NFC) where Unicode has one (\'e -> é, \v{z} -> ž, \d{s} -> ṣ), else
// left as letter and mark (\"{q} -> q̈). A dotless ı or ȷ (\i, \j) takes the
// accent as i and j do: \'{\i} -> í. Letters that are not an accent on a
// base (\o, \ss, \l, \i) are in texSymbols: NFC cannot make them.
func composeAccent(acc byte, base rune) string {
	switch base {
	case 'ı':
		base = 'i'
	case 'ȷ':
		base = 'j'
	}
	return norm.NFC.String(string(base) + string(texAccents[acc].combining))
}

type texAccentDef struct {
	spacing   string // the accent alone, as in \"{}
	combining rune   // the Unicode combining mark
}

// texAccents by the character of the accent command (\' \v ...).
var texAccents = map[byte]texAccentDef{
	'\'': {"´", 0x301}, // acute
	'`':  {"`", 0x300}, // grave
	'^':  {"^", 0x302}, // circumflex
	'"':  {"¨", 0x308}, // diaeresis
	'~':  {"~", 0x303}, // tilde
	'=':  {"¯", 0x304}, // macron
	'.':  {"˙", 0x307}, // dot above
	'u':  {"˘", 0x306}, // breve
	'v':  {"ˇ", 0x30C}, // caron
	'H':  {"˝", 0x30B}, // double acute
	'c':  {"¸", 0x327}, // cedilla
	'k':  {"˛", 0x328}, // ogonek
	'r':  {"˚", 0x30A}, // ring above
	'd':  {".", 0x323}, // dot below
	'b':  {"_", 0x331}, // macron below
	't':  {"", 0x361},  // tie
}

// texSymbols are commands without argument that stand for text.
var texSymbols = map[string]string{
	"ss": "ß", "SS": "SS", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å",
	"ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "l": "ł", "L": "Ł",
	"i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð", "th": "þ", "TH": "Þ",
	"dj": "đ", "DJ": "Đ", "ng": "ŋ", "NG": "Ŋ",
	"textendash": "–", "textemdash": "—",
	"textquoteleft": "‘", "textquoteright": "’",
	"textquotedblleft": "“", "textquotedblright": "”", "textquotedbl": `"`,
	"ldots": "…", "dots": "…", "textellipsis": "…",
	"textasciitilde": "~", "textasciicircum": "^", "textbackslash": `\`,
	"textbar": "|", "textless": "<", "textgreater": ">", "textunderscore": "_",
	"textbullet": "•", "textdegree": "°", "textperiodcentered": "·",
	"copyright": "©", "textcopyright": "©", "textregistered": "®",
	"texttrademark": "™", "S": "§", "P": "¶", "pounds": "£", "textsterling": "£",
	"euro": "€", "texteuro": "€", "guillemotleft": "«", "guillemotright": "»",
	"quad": " ", "qquad": " ", "space": " ", "relax": "",
	"TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2e", "BibTeX": "BibTeX",
	"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε",
	"varepsilon": "ε", "zeta": "ζ", "eta": "η", "theta": "θ", "iota": "ι",
	"kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π",
	"rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "φ",
	"varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
	"Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ",
	"Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
	"times": "×", "cdot": "·", "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥",
	"neq": "≠", "ne": "≠", "infty": "∞", "pm": "±", "to": "→",
	"rightarrow": "→", "leftarrow": "←",
}
