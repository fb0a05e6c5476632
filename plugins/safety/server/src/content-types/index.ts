/** The plugin's content types (none yet: screening stores nothing). */
export default {};
