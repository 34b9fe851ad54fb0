// CSDL2: SDL2 (libsdl2-dev, pkg-config sdl2) for the viewer's window, its OpenGL context
// and its input events. Only Sources/Viewer/SDLWindow.swift imports this module.
#define SDL_MAIN_HANDLED 1
#include <SDL.h>
