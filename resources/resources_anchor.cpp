// The resources library needs one source file of its own; the data lives in the .qrc objects.
#include <QtGlobal>
int jevonsResourcesAnchor()
{
    return 0;
}
