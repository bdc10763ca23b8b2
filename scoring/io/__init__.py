"""Files in and out: scenario files (YAML or decision records), the bundled presets, the
decision log, scenario bundles and the CSV of prototype measurements."""
