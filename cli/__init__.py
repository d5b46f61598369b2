"""Command-line front ends (beside processing_provider/ and ui/): options built from the model specs."""
