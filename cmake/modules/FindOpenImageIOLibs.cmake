# Finds OpenImageIO's headers and libraries directly.
# Debian's OpenImageIOConfig.cmake lists /usr/include/opencv4 among its include
# directories, which breaks configuration unless OpenCV's headers happen to be
# installed; the facade needs only OIIO itself, so we locate it by hand.
# Defines the imported target OpenImageIOLibs::OpenImageIO and OpenImageIO_VERSION.
find_path(OpenImageIO_INCLUDE_DIR OpenImageIO/imageio.h)
find_library(OpenImageIO_LIBRARY NAMES OpenImageIO)
find_library(OpenImageIO_Util_LIBRARY NAMES OpenImageIO_Util)

if(OpenImageIO_INCLUDE_DIR AND EXISTS "${OpenImageIO_INCLUDE_DIR}/OpenImageIO/oiioversion.h")
  file(STRINGS "${OpenImageIO_INCLUDE_DIR}/OpenImageIO/oiioversion.h" _oiio_version_lines
       REGEX "#define OIIO_VERSION_(MAJOR|MINOR|PATCH) ")
  foreach(_part MAJOR MINOR PATCH)
    string(REGEX REPLACE ".*#define OIIO_VERSION_${_part} ([0-9]+).*" "\\1" _oiio_${_part} "${_oiio_version_lines}")
  endforeach()
  set(OpenImageIO_VERSION "${_oiio_MAJOR}.${_oiio_MINOR}.${_oiio_PATCH}")
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(OpenImageIOLibs
  REQUIRED_VARS OpenImageIO_LIBRARY OpenImageIO_Util_LIBRARY OpenImageIO_INCLUDE_DIR
  VERSION_VAR OpenImageIO_VERSION)

if(OpenImageIOLibs_FOUND AND NOT TARGET OpenImageIOLibs::OpenImageIO)
  add_library(OpenImageIOLibs::OpenImageIO INTERFACE IMPORTED)
  set_target_properties(OpenImageIOLibs::OpenImageIO PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${OpenImageIO_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${OpenImageIO_LIBRARY};${OpenImageIO_Util_LIBRARY}")
endif()
