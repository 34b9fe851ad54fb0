// CPNG: libpng (libpng-dev, pkg-config libpng). The Render module uses only libpng's
// "simplified API" (png_image_*), which reports errors through png_image.message and
// never longjmps through Swift frames.
#include <png.h>
