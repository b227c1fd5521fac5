package loaders

import (
	"fmt"
	"net/url"
	"strings"
)

// Source URLs should point at primary sources: a DOI, the publisher's or
// venue's page, the project's repository and documentation, LKML or LWN.
// SourceProxy recognises the addresses that only stand in for those: a
// proxy that carries the real address inside its query string or path, a
// library proxy that rewrites a publisher's host name, and the mirrors,
// catalogues, metadata indexes and scraped-news sites seen in practice.
// The loader reports such a source as a warning, not an error: the data
// still loads, and `rustykg check` shows where to replace it.
//
//	SourceProxy("http://lepang.cn/api/yh.php?url=https%3A%2F%2Fapi.crossref.org%2Fworks%2F10.1145%2F1")
//	// "it carries another address (https://api.crossref.org/works/10.1145/1) in its query string"
//	SourceProxy("https://doi.org/10.1145/3674805.3690756") // ""

// proxyHost is a host (or a host and path prefix) known to stand in for a
// primary source, with what it is.
type proxyHost struct {
	host string // matches the host and its subdomains
	path string // optional path prefix
	what string
}

// proxyHosts lists the stand-ins found in data sets (ours before the
// audit among them), sorted by host.
var proxyHosts = []proxyHost{
	{host: "1library.net", what: "a document mirror"},
	{host: "allunix.ru", what: "a news site that republishes other sites' items"},
	{host: "altusintel.com", what: "a scraped-news site"},
	{host: "aminer.org", what: "a paper catalogue"},
	{host: "api.crossref.org", what: "a metadata index record (cite the DOI itself)"},
	{host: "api.openalex.org", what: "a metadata index record (cite the DOI itself)"},
	{host: "app.daily.dev", what: "a news aggregator"},
	{host: "arnetminer.org", what: "a paper catalogue"},
	{host: "atsit.in", what: "a scraped-news site"},
	{host: "bohrium.com", what: "a paper catalogue"},
	{host: "citegraph.io", what: "a paper catalogue"},
	{host: "collaborate.princeton.edu", what: "an institutional catalogue record"},
	{host: "cupdf.com", what: "a document mirror"},
	{host: "docslib.org", what: "a document mirror"},
	{host: "doaj.org", what: "a journal directory record"},
	{host: "dspace.iiti.ac.in", what: "an institutional catalogue record"},
	{host: "elogim.com", what: "a library proxy"},
	{host: "findresearcher.sdu.dk", what: "an institutional catalogue record"},
	{host: "getoto.net", what: "a syndicated copy of another site"},
	{host: "github.com", path: "/topics/", what: "a GitHub topic listing, not a project"},
	{host: "hf.cn.page", what: "a mirror of a data set"},
	{host: "int2inf.com", what: "a scraped-news site"},
	{host: "katalog.lib.cas.cz", what: "a library catalogue record"},
	{host: "lepang.cn", what: "a proxy"},
	{host: "lib.rs", what: "a mirror of crates.io (cite crates.io or docs.rs)"},
	{host: "meterpreter.org", what: "a scraped-news site"},
	{host: "pipedot.org", what: "a news aggregator"},
	{host: "proxy25.life", what: "an arXiv mirror"},
	{host: "research.buaa.edu.cn", what: "an institutional catalogue record"},
	{host: "satirbasi.net", what: "a scraped-news site"},
	{host: "scour.ing", what: "a proxy"},
	{host: "themoonlight.io", what: "a site of generated paper summaries"},
}

// lookalikes are the first labels of well-known primary hosts; a longer
// host that starts with one of them but belongs to another domain (for
// example github.example-mirror.net, arxiv.example.com) is a mirror.
var lookalikes = map[string]string{
	"arxiv":        "arxiv.org",
	"github":       "github.com",
	"ieeexplore":   "ieeexplore.ieee.org",
	"lkml":         "lkml.org",
	"lore":         "lore.kernel.org",
	"lwn":          "lwn.net",
	"scholar":      "scholar.google.com",
	"springerlink": "link.springer.com",
}

// publisherLabels are publisher host names as library proxies (EZproxy and
// the like) rewrite them into one label: dl.acm.org -> dl-acm-org.
var publisherLabels = []string{"dl-acm-org", "doi-org", "ieeexplore-ieee-org", "link-springer-com", "www-usenix-org", "arxiv-org"}

// SourceProxy says why the source URL s stands in for a primary source, or
// returns "" when it does not look like a proxy, mirror or catalogue.
func SourceProxy(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return ""
	}
	for _, vals := range u.Query() {
		for _, v := range vals {
			if inner := embeddedURL(v); inner != "" {
				return "it carries another address (" + inner + ") in its query string"
			}
		}
	}
	if i := strings.Index(u.Path, "/http"); i >= 0 {
		if inner := embeddedURL(strings.TrimPrefix(u.Path[i+1:], "/")); inner != "" {
			return "it carries another address (" + inner + ") in its path"
		}
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	labels := strings.Split(host, ".")
	for _, l := range labels {
		if strings.Contains(l, "ezproxy") {
			return "it is a library proxy (EZproxy)"
		}
		for _, p := range publisherLabels {
			if strings.Contains(l, p) {
				return "it is a library proxy of " + strings.ReplaceAll(p, "-", ".")
			}
		}
	}
	for _, p := range proxyHosts {
		if (host == p.host || strings.HasSuffix(host, "."+p.host)) && strings.HasPrefix(u.Path, p.path) {
			return "it is " + p.what
		}
	}
	if len(labels) >= 3 {
		if real, ok := lookalikes[labels[0]]; ok && host != real && !strings.HasSuffix(host, "."+domainOf(real)) {
			return "it is a mirror of " + real
		}
	}
	return ""
}

// embeddedURL returns v as an http(s) URL if it is one (whole, or with a
// scheme written as "https:/" after path cleaning), else "".
func embeddedURL(v string) string {
	lv := strings.ToLower(v)
	for _, scheme := range []string{"https://", "http://", "https:/", "http:/"} {
		if strings.HasPrefix(lv, scheme) && len(v) > len(scheme) {
			return v
		}
	}
	return ""
}

// domainOf is the registered domain of a well-known host: its last two
// labels (github.com, ieee.org, kernel.org).
func domainOf(host string) string {
	labels := strings.Split(host, ".")
	if len(labels) <= 2 {
		return host
	}
	return strings.Join(labels[len(labels)-2:], ".")
}

// warnings returns the warnings as sorted "file:line:col: field: message"
// lines.
func (l *loader) warnings() []string {
	var out []string
	for _, w := range l.warns.Sort() {
		out = append(out, w.String())
	}
	return out
}

// warnSources records a warning for each source of r that is a known proxy
// pattern.
func (l *loader) warnSources(r *record, srcs []string) {
	for i, s := range srcs {
		if why := SourceProxy(s); why != "" {
			l.warns = append(l.warns, Problem{
				Pos:   itemPos(r, "sources", i),
				Field: fmt.Sprintf("%s[%d]", r.field("sources"), i),
				Msg:   fmt.Sprintf("source %q is not a primary source: %s; cite the DOI, the publisher's or venue's page, the project's repository or docs, LKML or LWN instead", s, why),
			})
		}
	}
}

// itemPos is the position of item i of the list under key, or of the key's
// value when the item has none.
func itemPos(r *record, key string, i int) Pos {
	if n := r.fields[key]; n != nil && i < len(n.Content) && n.Content[i].Line > 0 {
		return Pos{File: r.file, Line: n.Content[i].Line, Col: n.Content[i].Column}
	}
	return r.posOf(key)
}

// warnBibURL records a warning when the url field of a BibTeX entry is a
// known proxy pattern.
func (l *loader) warnBibURL(e BibEntry, key string) {
	u, _ := e.Field("url")
	if why := SourceProxy(strings.TrimSpace(u)); why != "" {
		l.warns = append(l.warns, Problem{
			Pos:   e.Pos,
			Field: key + ".url",
			Msg:   fmt.Sprintf("url %q is not a primary source: %s; cite the DOI, the publisher's or venue's page, the project's repository or docs, LKML or LWN instead", u, why),
		})
	}
}
