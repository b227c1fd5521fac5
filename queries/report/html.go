package report

import (
	"bytes"
	"html/template"
	"io"
	"sync"

	"rustykg/queries/textesc"
)

// page is the HTML report: one file with its style and figures inline.
// The Content-Security-Policy forbids every resource (scripts, remote
// styles, images, fonts, frames) except the inline style, so the page is
// self-contained and stays inert whatever the data holds; html/template
// escapes every piece of text and attribute. It is parsed on first use,
// so commands that write no HTML never pay for it.
var page = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("page").Funcs(template.FuncMap{"svg": inlineSVG, "t": textesc.VisibleText}).Parse(pageSource))
})

const pageSource = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="rustykg report">
<title>{{t .Title}}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;line-height:1.45;max-width:80rem;margin:0 auto;padding:1rem 2rem;color:#1b1b1b}
table{border-collapse:collapse;margin:0.5rem 0 1.5rem;font-size:0.9rem}
th,td{border:1px solid #c8c8c8;padding:0.25rem 0.5rem;vertical-align:top;text-align:left}
th{background:#f0f0f0}
caption{text-align:left;font-weight:bold;padding:0.25rem 0}
figure{margin:1rem 0;overflow-x:auto}
figure svg{max-width:100%;height:auto}
figcaption{font-style:italic}
nav ul{columns:2}
:target{background:#fff5c0}
</style>
</head>
<body>
<h1>{{t .Title}}</h1>
{{range .Intro}}{{template "block" .}}{{end}}
<nav><strong>Contents</strong><ul>
{{range .Sections}}{{if eq .Level 2}}<li><a href="#{{.Anchor}}">{{t .Title}}</a></li>
{{end}}{{end}}</ul></nav>
{{range .Sections}}{{if eq .Level 2}}<h2 id="{{.Anchor}}">{{t .Title}}</h2>{{else}}<h3 id="{{.Anchor}}">{{t .Title}}</h3>{{end}}
{{range .Blocks}}{{template "block" .}}{{end}}{{end}}</body>
</html>
{{define "spans"}}{{range .}}{{if .Anchor}}<a id="{{.Anchor}}"></a>{{end}}{{if .Href}}<a href="{{.Href}}">{{if .Strong}}<strong>{{t .Text}}</strong>{{else}}{{t .Text}}{{end}}</a>{{else if .Strong}}<strong>{{t .Text}}</strong>{{else}}{{t .Text}}{{end}}{{end}}{{end}}
{{define "block"}}{{if .Para}}<p>{{template "spans" .Para}}</p>
{{else if .List}}<ul>
{{range .List}}<li>{{template "spans" .}}</li>
{{end}}</ul>
{{else if .Table}}<table>{{with .Table}}{{if .Caption}}<caption>{{t .Caption}}</caption>{{end}}
<thead><tr>{{range .Columns}}<th>{{t .}}</th>{{end}}</tr></thead>
<tbody>
{{range .Rows}}<tr>{{range .}}<td>{{template "spans" .}}</td>{{end}}</tr>
{{else}}<tr><td colspan="{{len .Columns}}">(none)</td></tr>
{{end}}</tbody>{{end}}</table>
{{else if .Figure}}<figure role="img" aria-label="{{t .Figure.Alt}}">
{{svg .Figure.SVG}}<figcaption>{{t .Figure.Caption}}</figcaption>
</figure>
{{end}}{{end}}`

// inlineSVG passes a figure's SVG into the page. Figures are sanitized
// when Build draws them; they are sanitized again here (which changes
// nothing in such a figure), so no Doc, however made, puts anything but
// drawing elements into the page.
func inlineSVG(svg []byte) (template.HTML, error) {
	clean, err := SanitizeSVG(svg, "")
	if err != nil {
		return "", err
	}
	return template.HTML(clean), nil
}

// WriteHTML writes doc as one self-contained HTML page (see page): text
// escaped by html/template, links to anchors or http(s) URLs, figures as
// their sanitized SVG inline. The page is built in memory and written at
// once.
func WriteHTML(w io.Writer, doc *Doc) error {
	var b bytes.Buffer
	if err := page().Execute(&b, doc); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}
