/** Every service of the plugin; `getService(name)` (../get-service.ts) is typed from this map. */
export default {};
