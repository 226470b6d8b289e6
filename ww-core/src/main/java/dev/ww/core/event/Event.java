package dev.ww.core.event;

/**
 * Something the engine reports while it works. The engine never prints: it hands events to the
 * handlers its caller registered (see {@link EventHandlers}), and a front-end decides how to
 * show them. Modules may define their own event types by implementing this interface.
 */
public interface Event {}
