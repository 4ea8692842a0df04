/**
 * Import and export policy: immutable, composable rules that match routes and accept, reject or
 * change them.
 */
package dev.javabgp.rib.policy;
