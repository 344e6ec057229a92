// What this page load took over the network, by the Resource Timing API:
// transferSize is headers plus encoded body, and 0 for a response from the cache.
() => performance.getEntriesByType("navigation").concat(performance.getEntriesByType("resource"))
  .filter(e => e.transferSize > 0).map(e => [e.name, e.transferSize])
