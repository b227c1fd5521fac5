package main

import (
	"context"
	"strings"

	"github.com/spf13/cobra"

	"rustykg/cmd/internal/renderer"
	"rustykg/graph"
	"rustykg/graph/viz"
	"rustykg/queries"
)

func completionCmd(e *env) *cobra.Command {
	var noDesc bool
	c := &cobra.Command{
		Use:   "completion bash|zsh|fish|powershell",
		Short: "Print a shell completion script",
		Long: `completion prints the script that makes your shell complete rustykg's commands,
flags and flag values (--format, --kinds, --layout, ...) and node IDs from the data set
(the built-in one, or the one --data names on the command line being completed):
"rustykg show red<TAB>" offers redleaf and redox, "rustykg shared tock <TAB>" the
other kernels. Descriptions (node names) are shown where the shell supports them.

  bash        source <(rustykg completion bash)      (needs bash-completion 2)
  zsh         rustykg completion zsh > "${fpath[1]}/_rustykg"
  fish        rustykg completion fish > ~/.config/fish/completions/rustykg.fish
  powershell  rustykg completion powershell | Out-String | Invoke-Expression`,
		Example: `  source <(rustykg completion bash)
  rustykg completion zsh > "${fpath[1]}/_rustykg"
  rustykg completion fish --no-descriptions > ~/.config/fish/completions/rustykg.fish`,
		Annotations: map[string]string{formatsKey: formatsOwn},
		ValidArgs:   []string{"bash", "zsh", "fish", "powershell"},
		Args:        args(1, 1),
		RunE: func(c *cobra.Command, a []string) error {
			root := c.Root()
			w := e.stdout
			switch a[0] {
			case "bash":
				return root.GenBashCompletionV2(w, !noDesc)
			case "zsh":
				if noDesc {
					return root.GenZshCompletionNoDesc(w)
				}
				return root.GenZshCompletion(w)
			case "fish":
				return root.GenFishCompletion(w, !noDesc)
			case "powershell":
				if noDesc {
					return root.GenPowerShellCompletion(w)
				}
				return root.GenPowerShellCompletionWithDesc(w)
			}
			return usagef("unknown shell %s (want bash, zsh, fish or powershell)", graph.Quote(a[0]))
		},
	}
	c.Flags().BoolVar(&noDesc, "no-descriptions", false, "complete without descriptions")
	return c
}

// nodeArgs says which positional arguments of a command are nodes, and of
// which kind ("" for any kind), by command path below the root. With
// more, the last kind repeats. A node already named earlier on the line
// is not offered again.
var nodeArgs = map[string]struct {
	kinds []graph.Kind
	more  bool
}{
	"show":          {kinds: []graph.Kind{""}},
	"neighbors":     {kinds: []graph.Kind{""}},
	"path":          {kinds: []graph.Kind{"", ""}},
	"similar":       {kinds: []graph.Kind{graph.KindKernel}},
	"evidence":      {kinds: []graph.Kind{graph.KindKernel, graph.KindChallenge}},
	"shared":        {kinds: []graph.Kind{graph.KindKernel}, more: true},
	"render shared": {kinds: []graph.Kind{graph.KindKernel}, more: true},
	"render path":   {kinds: []graph.Kind{"", ""}},
}

// flagValues completes flag values, by flag name.
var flagValues = map[string]func(e *env, c *cobra.Command, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective){
	"format": func(_ *env, c *cobra.Command, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return withPrefix(formatsOf(c), toComplete), cobra.ShellCompDirectiveNoFileComp
	},
	"data": func(*env, *cobra.Command, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return nil, cobra.ShellCompDirectiveFilterDirs
	},
	"repo": func(*env, *cobra.Command, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return nil, cobra.ShellCompDirectiveFilterDirs
	},
	"kinds": func(_ *env, _ *cobra.Command, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return listValues(kindStrings(graph.Kinds), toComplete), cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	},
	"layout":    fixed(viz.Layouts...),
	"rows":      fixed(kindStrings(queries.MatrixRowKinds)...),
	"cols":      fixed(kindStrings(queries.MatrixColKinds)...),
	"table":     fixed("2", "3", "4"),
	"lang":      fixed(queries.LangGizmo, queries.LangGraphQL, queries.LangMQL),
	"renderer":  fixed(renderer.Choices...),
	"kernel":    nodeFlag(graph.KindKernel),
	"approach":  nodeFlag(graph.KindApproach),
	"challenge": nodeFlag(graph.KindChallenge),
	"focus":     nodeFlag(""),
}

func fixed(values ...string) func(*env, *cobra.Command, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return func(_ *env, _ *cobra.Command, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return withPrefix(values, toComplete), cobra.ShellCompDirectiveNoFileComp
	}
}

func nodeFlag(k graph.Kind) func(*env, *cobra.Command, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var kinds []graph.Kind // any kind
	if k != "" {
		kinds = []graph.Kind{k}
	}
	return func(e *env, c *cobra.Command, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return e.completeNodes(c.Context(), kinds, nil, toComplete)
	}
}

// setUpCompletion gives every command a completion for its arguments
// (node IDs, or nothing rather than file names) and, when this run is a
// completion request, registers the flag value completions: cobra keeps
// those in a process-wide table, which must not grow on every Run.
func setUpCompletion(root *cobra.Command, e *env, completing bool) {
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		path := strings.TrimPrefix(strings.TrimPrefix(c.CommandPath(), root.Name()), " ")
		if spec, ok := nodeArgs[path]; ok {
			c.ValidArgsFunction = func(c *cobra.Command, a []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
				i := len(a)
				if i >= len(spec.kinds) {
					if !spec.more {
						return nil, cobra.ShellCompDirectiveNoFileComp
					}
					i = len(spec.kinds) - 1
				}
				kinds := []graph.Kind{spec.kinds[i]}
				if kinds[0] == "" {
					kinds = nil
				}
				return e.completeNodes(c.Context(), kinds, a, toComplete)
			}
		} else if c.ValidArgsFunction == nil && c.ValidArgs == nil {
			c.ValidArgsFunction = cobra.NoFileCompletions
		}
		if completing {
			for name, complete := range flagValues {
				if c.LocalNonPersistentFlags().Lookup(name) != nil || c.PersistentFlags().Lookup(name) != nil {
					c.RegisterFlagCompletionFunc(name, func(c *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
						return complete(e, c, toComplete)
					})
				}
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// completeNodes offers the nodes of kinds (any when nil) that start with
// toComplete, compared case-insensitively: as their slug ("redox") when
// toComplete has no kind prefix and the slug names one node among them,
// else as their ID ("kernel:redox"). Each comes with its name as the
// description. The nodes the other arguments already name are left out.
func (e *env) completeNodes(ctx context.Context, kinds []graph.Kind, other []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	cat, err := e.catalog(ctx)
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	taken := map[string]bool{}
	for _, a := range other {
		if id, err := cat.Resolve(a, kinds...); err == nil {
			taken[id] = true
		}
	}
	var ids []string
	slugs := map[string]int{}
	for _, id := range cat.IDs("") {
		if len(kinds) == 0 || validKind(kinds, string(graph.KindOf(id))) {
			ids = append(ids, id)
			slugs[graph.Slug(id)]++
		}
	}
	want := strings.ToLower(toComplete)
	var out []cobra.Completion
	for _, id := range ids {
		if taken[id] || !completable(id) {
			continue
		}
		value := ""
		switch slug := strings.ToLower(graph.Slug(id)); {
		case strings.HasPrefix(strings.ToLower(id), want):
			value = id
			if !strings.Contains(want, ":") && slugs[graph.Slug(id)] == 1 && strings.HasPrefix(slug, want) {
				value = graph.Slug(id)
			}
		case !strings.Contains(want, ":") && strings.HasPrefix(slug, want):
			value = graph.Slug(id)
			if slugs[value] > 1 {
				value = id
			}
		default:
			continue
		}
		out = append(out, cobra.CompletionWithDesc(value, description(cat.Name(id))))
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completable reports whether an ID can be offered to a shell as it is:
// no spaces, no control or bidi characters.
func completable(id string) bool {
	return id == visible(id) && !strings.ContainsAny(id, " \t\n")
}

// description makes a node name fit a completion description: one line,
// control and bidi characters visible.
func description(name string) string {
	return visible(strings.Join(strings.Fields(name), " "))
}

// listValues completes the last item of a comma-separated list: "kernel,ch"
// offers "kernel,challenge" (items already in the list are not offered).
func listValues(values []string, toComplete string) []cobra.Completion {
	i := strings.LastIndex(toComplete, ",")
	done, last := toComplete[:i+1], toComplete[i+1:]
	given := map[string]bool{}
	for _, v := range strings.Split(done, ",") {
		given[v] = true
	}
	var out []cobra.Completion
	for _, v := range values {
		if !given[v] && strings.HasPrefix(v, last) {
			out = append(out, done+v)
		}
	}
	return out
}

// withPrefix keeps the values that start with prefix.
func withPrefix(values []string, prefix string) []cobra.Completion {
	var out []cobra.Completion
	for _, v := range values {
		if strings.HasPrefix(v, prefix) {
			out = append(out, v)
		}
	}
	return out
}

// formatsOf lists the --format values command c takes.
func formatsOf(c *cobra.Command) []cobra.Completion {
	for p := c; p != nil; p = p.Parent() {
		switch p.Annotations[formatsKey] {
		case formatsOwn:
			if p.Name() == "render" || p.HasParent() && p.Parent().Name() == "render" {
				return []string{"svg", "png", "dot"}
			}
			if p.Name() == "report" {
				return []string{"markdown", "html"}
			}
			return nil
		case formatsDrawable:
			return []string{"table", "json", "csv", "markdown", "dot"}
		}
	}
	return []string{"table", "json", "csv", "markdown"}
}

func kindStrings(ks []graph.Kind) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = string(k)
	}
	return out
}
