/** The plugin's content types (one folder per type, schema.json). */
export default {};
