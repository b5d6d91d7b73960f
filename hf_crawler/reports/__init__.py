"""What the stored catalogue says: the report (table, Markdown, JSON, an HTML page with SVG
charts) and `status`."""
