"""Link checker for the handbook: collect external URLs, check them politely, keep history."""
