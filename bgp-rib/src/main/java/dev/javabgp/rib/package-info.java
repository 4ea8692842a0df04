/**
 * Routing information bases: Adj-RIB-In, Loc-RIB with the RFC 4271 §9.1 decision process, and
 * Adj-RIB-Out.
 */
package dev.javabgp.rib;
