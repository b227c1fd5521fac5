package loaders

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// This file reads the YAML files of a data set into raw records, checking
// the shape (keys, types, required fields) of every mapping and recording
// each problem with its position. Cross-references are checked in
// dataset.go, once every file is read.

// fieldType is the YAML type a schema field expects.
type fieldType int

const (
	tString fieldType = iota
	tStrings
	tBool
	tInt
	tMap  // a nested mapping, checked by its own schema
	tList // a sequence of mappings, checked by its own schema
)

type fieldSpec struct {
	typ      fieldType
	required bool
	sub      schema // for tMap and tList
}

type schema map[string]fieldSpec

var entitySchema = schema{
	"id":          {typ: tString, required: true},
	"name":        {typ: tString, required: true},
	"aliases":     {typ: tStrings},
	"in_review":   {typ: tBool},
	"description": {typ: tString},
	"sources":     {typ: tStrings},
	"flags":       {typ: tStrings},
}

func extend(base schema, extra schema) schema {
	out := schema{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range extra {
		out[k] = v
	}
	return out
}

var kernelSchema = extend(entitySchema, schema{
	"design":        {typ: tString},
	"repository":    {typ: tString},
	"licence":       {typ: tString},
	"first_release": {typ: tString},
	"status":        {typ: tString},
	"organisation":  {typ: tString},
	"sources":       {typ: tStrings, required: true},
})

var studySchema = schema{
	"id":          {typ: tString, required: true},
	"in_review":   {typ: tBool, required: true},
	"ref":         {typ: tInt},
	"description": {typ: tString},
	"sources":     {typ: tStrings},
	"flags":       {typ: tStrings},
}

// criterionSchema is one inclusion or exclusion criterion of the review:
// its ID (IC1, EC2), its text in our words and where the review states it.
var criterionSchema = schema{
	"id":      {typ: tString, required: true},
	"text":    {typ: tString, required: true},
	"locator": {typ: tString, required: true},
}

var reviewSchema = extend(entitySchema, schema{
	"guideline": {typ: tString},
	"window": {typ: tMap, required: true, sub: schema{
		"from": {typ: tString, required: true},
		"to":   {typ: tString, required: true},
	}},
	"databases": {typ: tList, required: true, sub: schema{
		"name":  {typ: tString, required: true},
		"hits":  {typ: tInt, required: true},
		"query": {typ: tString, required: true},
		"note":  {typ: tString},
	}},
	"counts": {typ: tMap, required: true, sub: schema{
		"raw":        {typ: tInt, required: true},
		"duplicates": {typ: tInt},
		"screened":   {typ: tInt, required: true},
		"snowballed": {typ: tInt, required: true},
		"selected":   {typ: tInt, required: true},
	}},
	"research_questions": {typ: tList, required: true, sub: schema{
		"id":   {typ: tString, required: true},
		"text": {typ: tString, required: true},
	}},
	"inclusion_criteria": {typ: tList, sub: criterionSchema},
	"exclusion_criteria": {typ: tList, sub: criterionSchema},
	"notes":              {typ: tStrings},
})

var claimSchema = schema{
	"subject":  {typ: tString, required: true},
	"relation": {typ: tString, required: true},
	"object":   {typ: tString, required: true},
	"study":    {typ: tString, required: true},
	"locator":  {typ: tString, required: true},
	"note":     {typ: tString, required: true},
	"table":    {typ: tInt},
	"flags":    {typ: tStrings},
}

// sections maps each top-level key to the schema of its items and whether
// it is a single mapping (review) or a list.
var sections = map[string]struct {
	item   schema
	single bool
}{
	"review":       {reviewSchema, true},
	"studies":      {studySchema, false},
	"kernels":      {kernelSchema, false},
	"approaches":   {entitySchema, false},
	"challenges":   {entitySchema, false},
	"implications": {entitySchema, false},
	"causes":       {entitySchema, false},
	"lessons":      {entitySchema, false},
	"claims":       {claimSchema, false},
}

// record is one checked mapping: its fields by key, with positions.
type record struct {
	section string
	index   int // position in its section's list; -1 for a single mapping
	pos     Pos
	fields  map[string]*yaml.Node
	file    string
}

// field names a field of the record for problem reports, e.g. "claims[3].study".
func (r *record) field(key string) string {
	base := r.section
	if r.index >= 0 {
		base = fmt.Sprintf("%s[%d]", r.section, r.index)
	}
	if key == "" {
		return base
	}
	if base == "" { // a sheet's row: the field is the column
		return key
	}
	return base + "." + key
}

func (r *record) posOf(key string) Pos {
	if n, ok := r.fields[key]; ok {
		return Pos{File: r.file, Line: n.Line, Col: n.Column}
	}
	return r.pos
}

func (r *record) str(key string) string {
	if n, ok := r.fields[key]; ok && n.Kind == yaml.ScalarNode {
		return n.Value
	}
	return ""
}

func (r *record) strs(key string) []string {
	n, ok := r.fields[key]
	if !ok || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]string, 0, len(n.Content))
	for _, c := range n.Content {
		out = append(out, c.Value)
	}
	return out
}

func (r *record) boolean(key string) bool {
	n, ok := r.fields[key]
	return ok && n.Kind == yaml.ScalarNode && n.Tag == "!!bool" && (n.Value == "true" || n.Value == "True" || n.Value == "TRUE")
}

func (r *record) integer(key string) (int, bool) {
	n, ok := r.fields[key]
	if !ok || n.Tag != "!!int" {
		return 0, false
	}
	v, err := strconv.Atoi(n.Value)
	return v, err == nil
}

// sub returns the nested records of a tMap (one) or tList field.
func (r *record) sub(key string) []*record {
	n, ok := r.fields[key]
	if !ok {
		return nil
	}
	var items []*yaml.Node
	idx := -1
	switch n.Kind {
	case yaml.MappingNode:
		items = []*yaml.Node{n}
	case yaml.SequenceNode:
		items = n.Content
		idx = 0
	}
	out := make([]*record, 0, len(items))
	for i, it := range items {
		rec := &record{section: r.field(key), index: -1, file: r.file, pos: Pos{r.file, it.Line, it.Column}, fields: map[string]*yaml.Node{}}
		if idx >= 0 {
			rec.index = i
		}
		for j := 0; j+1 < len(it.Content); j += 2 {
			rec.fields[it.Content[j].Value] = it.Content[j+1]
		}
		out = append(out, rec)
	}
	return out
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// readYAML parses one file and returns its records per section. Syntax
// and shape problems are appended to probs.
func readYAML(file string, src []byte, probs *Problems) []*record {
	n := len(*probs)
	recs := readYAMLRecords(file, src, probs)
	for i := n; i < len(*probs); i++ {
		if (*probs)[i].stage == stageCheck {
			(*probs)[i].stage = stageShape
		}
	}
	return recs
}

// secondDocLine is the line of the '---' that starts the second document:
// the first line after the first document's content that is "---" (with
// anything after a space).
func secondDocLine(src []byte, first *yaml.Node) int {
	line := 1
	for _, l := range bytes.SplitAfter(src, []byte("\n")) {
		t := bytes.TrimRight(l, "\r\n")
		if line > first.Line && (string(t) == "---" || bytes.HasPrefix(t, []byte("--- ")) || bytes.HasPrefix(t, []byte("---\t"))) {
			return line
		}
		line++
	}
	return 0
}

func readYAMLRecords(file string, src []byte, probs *Problems) []*record {
	if strings.TrimSpace(string(src)) == "" {
		*probs = append(*probs, Problem{Pos: Pos{File: file}, Msg: "file is empty"})
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil && err != io.EOF {
		*probs = append(*probs, yamlSyntaxProblem(file, src, err))
		return nil
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		*probs = append(*probs, Problem{Pos: Pos{File: file}, Msg: "file holds no YAML document"})
		return nil
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == io.EOF:
	case err != nil:
		*probs = append(*probs, yamlSyntaxProblem(file, src, err))
		return nil
	default:
		*probs = append(*probs, Problem{Pos: Pos{File: file, Line: secondDocLine(src, doc.Content[0])}, Msg: "a second YAML document starts here ('---'); a data file holds one document: remove the '---' line or move the rest into a file of its own"})
		return nil
	}
	root := doc.Content[0]
	reportTags(file, root, probs)
	if root.Kind != yaml.MappingNode {
		*probs = append(*probs, Problem{Pos: Pos{file, root.Line, root.Column}, Msg: "top level must be a mapping of sections (" + sectionList() + ")"})
		return nil
	}
	var recs []*record
	seen := map[string]int{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		pos := Pos{file, k.Line, k.Column}
		sec, ok := sections[k.Value]
		if !ok {
			*probs = append(*probs, Problem{Pos: pos, Field: k.Value, Msg: "unknown section (want one of " + sectionList() + ")"})
			continue
		}
		if first, dup := seen[k.Value]; dup {
			*probs = append(*probs, Problem{Pos: pos, Field: k.Value, Msg: fmt.Sprintf("section repeated in this file (first at line %d)", first)})
			continue
		}
		seen[k.Value] = k.Line
		if sec.single {
			if v.Kind != yaml.MappingNode {
				*probs = append(*probs, Problem{Pos: Pos{file, v.Line, v.Column}, Field: k.Value, Msg: "must be a mapping, not " + describe(v)})
				continue
			}
			recs = append(recs, checkMapping(file, k.Value, -1, v, sec.item, probs))
			continue
		}
		if v.Kind != yaml.SequenceNode {
			*probs = append(*probs, Problem{Pos: Pos{file, v.Line, v.Column}, Field: k.Value, Msg: "must be a list, not " + describe(v)})
			continue
		}
		for j, item := range v.Content {
			if item.Kind != yaml.MappingNode {
				*probs = append(*probs, Problem{Pos: Pos{file, item.Line, item.Column}, Field: fmt.Sprintf("%s[%d]", k.Value, j), Msg: "must be a mapping, not " + describe(item)})
				continue
			}
			recs = append(recs, checkMapping(file, k.Value, j, item, sec.item, probs))
		}
	}
	return recs
}

// checkMapping checks keys and value types of one mapping against sc.
func checkMapping(file, section string, index int, n *yaml.Node, sc schema, probs *Problems) *record {
	rec := &record{section: section, index: index, file: file, pos: Pos{file, n.Line, n.Column}, fields: map[string]*yaml.Node{}}
	bad := map[string]bool{} // present with a wrong type: not also "missing"
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		kpos := Pos{file, k.Line, k.Column}
		spec, ok := sc[k.Value]
		if !ok {
			*probs = append(*probs, Problem{Pos: kpos, Field: rec.field(k.Value), Msg: "unknown key (allowed: " + keyList(sc) + ")"})
			continue
		}
		if _, dup := rec.fields[k.Value]; dup || bad[k.Value] {
			*probs = append(*probs, Problem{Pos: kpos, Field: rec.field(k.Value), Msg: "key repeated in this mapping"})
			continue
		}
		if v.Kind == yaml.AliasNode {
			*probs = append(*probs, Problem{Pos: Pos{file, v.Line, v.Column}, Field: rec.field(k.Value), Msg: "YAML aliases are not supported in data files"})
			continue
		}
		if msg := checkType(v, spec); msg != "" {
			*probs = append(*probs, Problem{Pos: Pos{file, v.Line, v.Column}, Field: rec.field(k.Value), Msg: msg})
			bad[k.Value] = true
			continue
		}
		rec.fields[k.Value] = v
		switch spec.typ {
		case tMap:
			checkMapping(file, rec.field(k.Value), -1, v, spec.sub, probs)
		case tList:
			for j, it := range v.Content {
				if it.Kind != yaml.MappingNode {
					*probs = append(*probs, Problem{Pos: Pos{file, it.Line, it.Column}, Field: fmt.Sprintf("%s[%d]", rec.field(k.Value), j), Msg: "must be a mapping, not " + describe(it)})
					continue
				}
				checkMapping(file, rec.field(k.Value), j, it, spec.sub, probs)
			}
		}
	}
	for _, key := range sortedKeys(sc) {
		if sc[key].required {
			if _, ok := rec.fields[key]; !ok && !bad[key] {
				*probs = append(*probs, Problem{Pos: rec.pos, Field: rec.field(key), Msg: "required key is missing"})
			}
		}
	}
	return rec
}

// checkType returns "" when v has the type spec wants, else a message.
func checkType(v *yaml.Node, spec fieldSpec) string {
	switch spec.typ {
	case tString:
		if v.Kind != yaml.ScalarNode || v.Tag == "!!null" || v.Tag == "!!bool" {
			return "must be a string, not " + describe(v)
		}
		if spec.required && strings.TrimSpace(v.Value) == "" {
			return "must not be empty"
		}
	case tStrings:
		if v.Kind != yaml.SequenceNode {
			return "must be a list of strings, not " + describe(v)
		}
		for i, c := range v.Content {
			if c.Kind != yaml.ScalarNode || c.Tag == "!!null" || c.Tag == "!!bool" || strings.TrimSpace(c.Value) == "" {
				return fmt.Sprintf("item %d must be a non-empty string, not %s", i, describe(c))
			}
		}
	case tBool:
		if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
			return "must be true or false, not " + describe(v)
		}
	case tInt:
		if v.Kind != yaml.ScalarNode || v.Tag != "!!int" {
			return "must be an integer, not " + describe(v)
		}
		if _, err := strconv.Atoi(v.Value); err != nil {
			return "integer out of range: " + v.Value
		}
	case tMap:
		if v.Kind != yaml.MappingNode {
			return "must be a mapping, not " + describe(v)
		}
	case tList:
		if v.Kind != yaml.SequenceNode {
			return "must be a list, not " + describe(v)
		}
	}
	return ""
}

// describe names the YAML type of n for messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.Tag {
	case "!!null":
		return "null"
	case "!!bool":
		return "a boolean (" + n.Value + ")"
	case "!!int":
		return "an integer (" + n.Value + ")"
	case "!!float":
		return "a number (" + n.Value + ")"
	case "!!str":
		return strconv.Quote(short(n.Value))
	}
	return "a " + strings.TrimPrefix(n.Tag, "!!")
}

func short(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// yamlSyntaxProblem turns a YAML error ("yaml: line 3: …") into a
// positioned problem. The YAML parser reports the line where the enclosing
// block starts, not where it broke, so the line is refined to the shortest
// prefix of the file that fails to parse: found by doubling the distance
// from the reported line, then bisecting, so the number of parses grows
// with the log of that distance, not of the file.
func yamlSyntaxProblem(file string, src []byte, err error) Problem {
	first := strings.SplitN(err.Error(), "\n", 2)[0]
	msg := strings.TrimPrefix(first, "yaml: ")
	line := 0
	if m := yamlLineRE.FindStringSubmatch(first); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	utf16 := bytes.HasPrefix(src, []byte{0xff, 0xfe}) || bytes.HasPrefix(src, []byte{0xfe, 0xff})
	for _, e := range encodingErrors {
		if strings.Contains(msg, e) && !utf16 {
			if l, c, what, ok := badCharPos(src); ok {
				return Problem{Pos: Pos{File: file, Line: l, Col: c}, Msg: "YAML syntax error: " + what, stage: stageSyntax}
			}
		}
	}
	ends := []int{0} // ends[k]: the offset after line k
	for i, c := range src {
		if c == '\n' {
			ends = append(ends, i+1)
		}
	}
	if ends[len(ends)-1] != len(src) {
		ends = append(ends, len(src))
	}
	nLines := len(ends) - 1
	fails := func(k int) bool { return parseYAMLDocs(src[:ends[k]]) != nil }
	if line <= nLines && (line < 1 || !fails(line)) {
		lo, hi := max(line, 0), 0 // the prefix of lo lines parses; find a failing one
		for step := 1; hi == 0; step *= 2 {
			switch k := lo + step; {
			case k >= nLines:
				if fails(nLines) {
					hi = nLines
				} else {
					hi = -1
				}
			case fails(k):
				hi = k
			default:
				lo = k
			}
		}
		for hi > 0 && lo+1 < hi {
			mid := (lo + hi) / 2
			if fails(mid) {
				hi = mid
			} else {
				lo = mid
			}
		}
		if hi > 0 {
			line = hi
		}
	}
	col := 0
	if line > 0 && line <= nLines {
		text := strings.TrimRight(string(src[ends[line-1]:ends[line]]), "\r\n")
		col = utf8.RuneCountInString(text) - utf8.RuneCountInString(strings.TrimLeft(text, " \t")) + 1
	}
	return Problem{Pos: Pos{File: file, Line: line, Col: col}, Msg: "YAML syntax error: " + msg, stage: stageSyntax}
}

// reportTags reports every explicit tag (!!binary, !python/object, ...)
// under n but !!str: a data file holds plain strings, numbers, booleans,
// lists and mappings, and a tag would change what a value means.
func reportTags(file string, n *yaml.Node, probs *Problems) {
	if n.Style&yaml.TaggedStyle != 0 && n.Tag != "!!str" {
		*probs = append(*probs, Problem{Pos: Pos{file, n.Line, n.Column}, Msg: fmt.Sprintf("explicit YAML tag %s is not supported in data files", short(n.Tag))})
	}
	for _, c := range n.Content {
		reportTags(file, c, probs)
	}
}

// encodingErrors are the YAML parser's messages for bytes it cannot read;
// it gives no line for them.
var encodingErrors = []string{"control characters are not allowed", "invalid leading UTF-8 octet", "invalid trailing UTF-8 octet", "incomplete UTF-8 octet sequence"}

// badCharPos finds the first byte YAML cannot read in UTF-8 src: an invalid
// UTF-8 sequence, or a control character other than tab, line feed and
// carriage return. ok is false when there is none.
func badCharPos(src []byte) (line, col int, what string, ok bool) {
	line, col = 1, 1
	for i := 0; i < len(src); {
		r, w := utf8.DecodeRune(src[i:])
		switch {
		case r == utf8.RuneError && w <= 1:
			return line, col, "invalid UTF-8", true
		case r == '\n':
			line, col = line+1, 1
			i += w
			continue
		case r < 0x20 && r != '\t' && r != '\r', r == 0x7f, r >= 0x80 && r <= 0x9f && r != 0x85, r == 0xfffe || r == 0xffff:
			return line, col, fmt.Sprintf("control character %U (write it as an escape in a double-quoted string)", r), true
		}
		col++
		i += w
	}
	return 0, 0, "", false
}

// parseYAMLDocs parses every document of src and returns the first error.
func parseYAMLDocs(src []byte) error {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	for {
		var n yaml.Node
		if err := dec.Decode(&n); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

func sectionList() string {
	keys := make([]string, 0, len(sections))
	for k := range sections {
		keys = append(keys, k)
	}
	return strings.Join(sortStrings(keys), ", ")
}

func keyList(sc schema) string { return strings.Join(sortedKeys(sc), ", ") }

func sortedKeys(sc schema) []string {
	keys := make([]string, 0, len(sc))
	for k := range sc {
		keys = append(keys, k)
	}
	return sortStrings(keys)
}
