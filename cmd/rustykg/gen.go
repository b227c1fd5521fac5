package main

import "github.com/spf13/cobra"

func genCmd(e *env) *cobra.Command {
	return &cobra.Command{Use: "gen", Hidden: true, RunE: func(*cobra.Command, []string) error { return usagef("not yet") }}
}
