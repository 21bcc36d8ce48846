/** The plugin's version (kept equal to package.json's). */
export const knhkVersionOfMarketplace = '0.1.0';
