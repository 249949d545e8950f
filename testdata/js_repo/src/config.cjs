/**
 * @file The shop's settings, read from a JSON file beside the process (CommonJS).
 */
const fs = require("fs");
const { join } = require("path");

/** Settings used when the file is missing or leaves one out. */
const DEFAULTS = { currency: "€", maxQuantity: 99 };

/**
 * Reads `shop.json` from a directory, over the defaults.
 * @param {string} dir
 */
function loadConfig(dir = process.cwd()) {
  const file = join(dir, "shop.json");
  if (!fs.existsSync(file)) {
    return { ...DEFAULTS };
  }
  return { ...DEFAULTS, ...JSON.parse(fs.readFileSync(file, "utf8")) };
}

/** Whether a quantity is allowed by the settings. */
exports.isAllowedQuantity = function (config, quantity) {
  return quantity > 0 && quantity <= config.maxQuantity;
};

module.exports.loadConfig = loadConfig;
module.exports.DEFAULTS = DEFAULTS;

/** Writes the settings back, as JSON; `save` is another name for it. */
exports.write = exports.save = function (dir, config) {
  fs.writeFileSync(join(dir, "shop.json"), JSON.stringify(config));
};

/** Reloads the settings whenever the file changes. */
fs.watch(join(process.cwd(), "shop.json"), function reload() {
  module.exports.current = loadConfig();
});
