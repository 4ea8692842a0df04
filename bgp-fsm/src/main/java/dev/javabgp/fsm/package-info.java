/**
 * The RFC 4271 §8 BGP finite state machine: it takes events and returns the actions to carry out,
 * doing no I/O and reading no clock of its own.
 */
package dev.javabgp.fsm;
