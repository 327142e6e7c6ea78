"""Answer-quality evaluation: gold set, metrics, baseline, report and the `twitchqa eval` command."""
