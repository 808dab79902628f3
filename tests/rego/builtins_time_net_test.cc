// Placeholder: filled in by the evaluator work (issue 5).
