/**
 * @file Polyfills loaded for their side effect: `Array.prototype.at` for old runtimes.
 */

if (!Array.prototype.at) {
  Array.prototype.at = function at<T>(this: T[], index: number): T | undefined {
    const i = index < 0 ? this.length + index : index;
    return this[i];
  };
}
